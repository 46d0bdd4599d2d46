package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.testkit.Ports;
import io.sluice.testkit.process.OwnSession;

/**
 * Follows docs/your-own-schema.md step by step, with what the page says: its SQL, its mapping and its commands, read
 * from the page itself (so the page cannot drift), the real {@code scripts/infra}, the packaged relay and
 * {@code scripts/watch-events}; and sees the events the page shows. Ctrl-C (SIGINT to each step's process group, as a
 * terminal sends it) stops everything, {@code scripts/infra} last, Kafka before PostgreSQL.
 */
class YourOwnSchemaIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PAGE = CHECKOUT.resolve("docs/your-own-schema.md");
    /** A fenced block: its language, its attributes ({@code step=relay}, {@code file=shop.sql}), its text. */
    private static final Pattern BLOCK = Pattern.compile("^```(\\w+) ([^\\n]*)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    /** The steps in the order the page gives them; the test runs them in this order. */
    private static final List<String> STEPS = List.of("build", "infra", "env", "schema", "relay", "watch", "change");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> running = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        for (int i = running.size() - 1; i >= 0; i--) {
            Process process = running.get(i);
            if (process.isAlive()) { // a failed test: Ctrl-C first, so scripts/infra still stops its servers
                try {
                    interrupt(process);
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // forced below
                }
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void theWalkThroughWorksAsWritten(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path folder) throws Exception {
        String page = Files.readString(PAGE);
        Map<String, String> steps = new LinkedHashMap<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        Matcher block = BLOCK.matcher(page);
        while (block.find()) {
            String attribute = block.group(2).trim();
            String text = block.group(3);
            if (attribute.startsWith("step=")) {
                steps.put(attribute.substring("step=".length()), text);
            } else if (attribute.startsWith("file=")) {
                Path file = folder.resolve(attribute.substring("file=".length()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, text); // step 3 and 4: "Save it as ..."
            } else if (attribute.startsWith("output=")) {
                outputs.put(attribute.substring("output=".length()), text);
            }
        }
        assertThat(List.copyOf(steps.keySet())).as("the page's steps, in order").isEqualTo(STEPS);
        assertThat(folder.resolve("shop.sql")).exists();
        assertThat(folder.resolve("mappings/orders.yaml")).exists();
        assertThat(steps.get("build")).as("step 1 builds what this build has built").contains("package").contains("outbox-relay");

        // 2. terminal 1, in the checkout
        Path infraLog = folder.resolve("infra.out");
        Process infra = background(steps.get("infra"), CHECKOUT, Map.of(), infraLog);
        await("scripts/infra ready").atMost(Duration.ofSeconds(120)).until(() -> {
            assertThat(infra.isAlive()).as("scripts/infra runs; its output:%n%s", Files.readString(infraLog)).isTrue();
            return Files.readString(infraLog).contains("sluice-infra: ready");
        });
        assertThat(Files.readString(infraLog)).contains("jdbc:postgresql://127.0.0.1:").contains("user sluice, password sluice")
                .contains("Kafka");

        // terminal 2, in a folder of one's own: the one line to adapt is where the checkout is
        String env = steps.get("env").lines().filter(line -> !line.startsWith("export SLUICE=")).reduce("", (a, b) -> a + b + "\n");
        Map<String, String> terminal = Map.of("SLUICE", CHECKOUT.toString());

        // 3. the schema
        run(env + steps.get("schema"), folder, terminal);

        // 5. the relay (on a free port: the page's 8080 may be taken where the test runs)
        int port = Ports.free();
        Path relayLog = folder.resolve("relay.out");
        Process relay = background(env + steps.get("relay"), folder, Map.of("SLUICE", CHECKOUT.toString(), "QUARKUS_HTTP_PORT",
                Integer.toString(port)), relayLog);
        HttpClient http = HttpClient.newHttpClient();
        await("relay ready").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(relay.isAlive()).as("relay runs; its log:%n%s", Files.readString(relayLog)).isTrue();
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        });

        // 6. terminal 3
        Path watchLog = folder.resolve("watch.out");
        Process watch = background(env + steps.get("watch"), folder, terminal, watchLog);

        // 7. the legacy application's changes
        run(env + steps.get("change"), folder, terminal);

        List<String> expected = outputs.get("watch").lines().toList();
        await("the events the page shows").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(watch.isAlive()).as("watch-events runs").isTrue();
            assertThat(events(Files.readString(watchLog))).hasSize(expected.size() / 2);
        });
        List<String[]> seen = events(Files.readString(watchLog));
        for (int i = 0; i < expected.size() / 2; i++) {
            String header = expected.get(2 * i);
            for (String token : header.split(" ")) {
                if (!token.contains("...")) {
                    assertThat(seen.get(i)[0].split(" ")).as("event %d's header line", i + 1).contains(token);
                }
            }
            assertThat(JSON.readTree(seen.get(i)[1])).as("event %d's data", i + 1).isEqualTo(JSON.readTree(expected.get(2 * i + 1)));
        }
        assertThat(Files.readString(relayLog)).as("relay log").doesNotContain(" WARN ").doesNotContain(" ERROR ");

        // 8. Ctrl-C in each terminal, scripts/infra last. 60 s is generous: a relay that sees the signal ends within
        // sluice.shutdown-timeout (30 s) at the latest (ShutdownWatchdog), normally within a few seconds
        for (Process process : List.of(watch, relay, infra)) {
            interrupt(process);
            boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
            assertThat(stopped).as("stopped on Ctrl-C: %s (logs in %s)%s", process.info().commandLine().orElse(""), folder,
                    stopped ? "" : threadDumps(process)).isTrue();
        }
        String relayStopped = Files.readString(relayLog);
        if (relayStopped.contains("did not stop within sluice.shutdown-timeout")) {
            // bounded by the relay's watchdog, which names what held the stop up: shown here, since CI keeps no temp dirs
            System.out.println("[walk-through] the relay's stop was cut short by its watchdog:\n"
                    + relayStopped.substring(relayStopped.indexOf("did not stop within")));
        }
        assertThat(Files.readString(infraLog)).containsSubsequence("sluice-infra: Kafka stopped", "sluice-infra: PostgreSQL stopped");
        assertThat(CHECKOUT.resolve("target/infra/infra.env")).doesNotExist();
    }

    /** The watcher's output as events: a header line ({@code topic key=... ce_...}) and the data line below it. */
    private static List<String[]> events(String output) {
        List<String> lines = output.lines().toList();
        List<String[]> events = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains(" key=") && lines.get(i + 1).startsWith("    ")) {
                events.add(new String[]{lines.get(i), lines.get(i + 1).trim()});
            }
        }
        return events;
    }

    /**
     * A command of a terminal that runs until Ctrl-C: in a process group of its own, as a terminal's job, with SIGINT and
     * SIGTERM handled by default as in a terminal. A build started in the background of a script inherits them ignored,
     * and a JVM keeps an inherited ignored SIGINT: the walk-through's relay then never saw the Ctrl-C (rehearsals started
     * with {@code .ci/run &} failed here; thread dumps showed no shutdown begun).
     */
    private Process background(String script, Path dir, Map<String, String> env, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM", "bash", "-c", "set -e\n" + script));
        ProcessBuilder builder = new ProcessBuilder(OwnSession.wrap(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        running.add(process);
        return process;
    }

    /** A command that ends by itself; it must succeed. */
    private static void run(String script, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -e\n" + script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s%n->%n%s", script, output).isZero();
    }

    /** What the JVMs of a process that did not stop are doing: their thread dumps, for the failure message. */
    private static String threadDumps(Process process) {
        StringBuilder dumps = new StringBuilder();
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(process.toHandle());
        for (ProcessHandle handle : processes) {
            if (handle.info().command().orElse("").endsWith("java")) {
                try {
                    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            Long.toString(handle.pid()), "Thread.print").redirectErrorStream(true).start();
                    String dump = new String(jcmd.getInputStream().readAllBytes());
                    jcmd.waitFor(30, TimeUnit.SECONDS);
                    dumps.append(String.format("%n--- threads of %d ---%n%s", handle.pid(), dump));
                } catch (IOException | InterruptedException e) {
                    dumps.append(String.format("%n--- no thread dump of %d: %s", handle.pid(), e));
                }
            }
        }
        return dumps.toString();
    }

    /** Ctrl-C: SIGINT to the process group. */
    private static void interrupt(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
