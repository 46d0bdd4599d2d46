package io.sluice.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleSessionTest {

    @Test
    void theCookieOfTheTokenOpensTheConsole() {
        assertThat(ConsoleSession.opens(ConsoleSession.cookieValue("s3cret"), "s3cret")).isTrue();
    }

    @Test
    void theCookieIsNotTheTokenItself() {
        assertThat(ConsoleSession.cookieValue("s3cret")).doesNotContain("s3cret");
        assertThat(ConsoleSession.opens("s3cret", "s3cret")).isFalse();
    }

    @Test
    void aCookieOfAnotherTokenDoesNotOpenIt() {
        assertThat(ConsoleSession.opens(ConsoleSession.cookieValue("old-token"), "new-token")).isFalse();
    }

    @Test
    void noCookieOrNoTokenOpensNothing() {
        assertThat(ConsoleSession.opens(null, "s3cret")).isFalse();
        assertThat(ConsoleSession.opens(ConsoleSession.cookieValue("x"), "")).isFalse();
        assertThat(ConsoleSession.opens("", null)).isFalse();
    }

    @Test
    void theTypedTokenIsComparedWithoutSurroundingBlanks() {
        assertThat(ConsoleSession.isToken(" s3cret\n", "s3cret")).isTrue();
        assertThat(ConsoleSession.isToken("s3cre", "s3cret")).isFalse();
        assertThat(ConsoleSession.isToken(null, "s3cret")).isFalse();
        assertThat(ConsoleSession.isToken("", "")).isFalse();
    }
}
