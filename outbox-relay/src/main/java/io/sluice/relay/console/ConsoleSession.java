package io.sluice.relay.console;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's session: after the operator typed the admin token ({@code sluice.admin.token}) into the login form,
 * the browser keeps an HttpOnly, SameSite=Strict cookie whose value is derived from the token (an HMAC keyed with
 * it), so the token itself is never stored in the browser, a session lasts across restarts of the relay, and
 * changing the token ends every session. Pure, so it is tested on its own.
 */
public final class ConsoleSession {

    /** Name of the session cookie. */
    public static final String COOKIE = "sluice_console";
    /** Path the cookie is sent for: the console's pages, not the rest of the relay. */
    public static final String PATH = "/sluice/console";

    private ConsoleSession() {
    }

    /** The cookie value that proves knowledge of {@code token}. */
    public static String cookieValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("sluice-console-session-v1".getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Whether {@code presented} (a cookie value, or null) opens the console guarded by {@code token} (constant time). */
    public static boolean opens(String presented, String token) {
        if (presented == null || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(UTF_8), cookieValue(token).getBytes(UTF_8));
    }

    /** Whether the typed token is the admin token (constant time). */
    public static boolean isToken(String typed, String token) {
        if (typed == null || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(typed.strip().getBytes(UTF_8), token.getBytes(UTF_8));
    }
}
