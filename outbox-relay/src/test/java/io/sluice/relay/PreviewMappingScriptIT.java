package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;

/**
 * {@code scripts/preview-mapping}: the mapping preview before any relay runs, with only a JDBC URL and a mapping folder, on
 * PostgreSQL and on MariaDB.
 */
class PreviewMappingScriptIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final Path SCRIPT = Path.of("..", "scripts", "preview-mapping").toAbsolutePath().normalize();

    record Run(int exit, String out, String err) {
    }

    @Test
    void printsTheEventsAndDeadLettersOfLiveRowsAndExitsOneForDeadLetters(@TempDir Path mappings) throws Exception {
        String database = "hrs_preview_cli";
        INFRA.createDatabase(database);
        HrsSchema.create(database);
        Files.writeString(mappings.resolve("employees.yaml"), HrsSchema.MAPPING);

        Run run = run("--jdbc-url=" + INFRA.jdbcUrl(database), "--user=" + INFRA.user(), "--password=" + INFRA.password(),
                "--mappings=" + mappings, "--rows=10");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode table = new ObjectMapper().readTree(run.out()).get("tables").get(0);
        assertThat(table.get("events").findValuesAsText("key")).containsExactly("ACM:7", "ACM:9");
        assertThat(table.get("deadLetters").get(0).get("key").asText()).isEqualTo("BLU:7");
        assertThat(run.err()).contains("1 table(s), 2 event(s), 1 dead letter(s)");
        assertThat(run.out()).doesNotContain(HrsSchema.SALARY);
    }

    @Test
    void previewsAMariaDbSourceWithTheSameMappingAndRows(@TempDir Path mappings) throws Exception {
        String url = HrsSchema.createOnMariaDb();
        Files.writeString(mappings.resolve("employees.yaml"), HrsSchema.MAPPING);
        MariaDbSource mariadb = MariaDbSource.shared();

        Run run = run("--jdbc-url=" + url, "--user=" + mariadb.user(), "--password=" + mariadb.password(), "--mappings=" + mappings,
                "--rows=10");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode table = new ObjectMapper().readTree(run.out()).get("tables").get(0);
        assertThat(table.get("events").findValuesAsText("key")).containsExactly("ACM:7", "ACM:9");
        assertThat(table.get("events").get(0).get("data").get("skills").findValuesAsText("skill")).containsExactly("JAVA", "SQL");
        assertThat(table.get("deadLetters").get(0).get("key").asText()).isEqualTo("BLU:7");
        assertThat(run.err()).contains("1 table(s), 2 event(s), 1 dead letter(s)");
        assertThat(run.out()).doesNotContain(HrsSchema.SALARY);
    }

    @Test
    void saysWhatIsMissingAndExitsTwo() throws Exception {
        Run run = run("--user=x", "--mappings=/nowhere");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--jdbc-url is missing").contains("usage: scripts/preview-mapping");

        Run noFolder = run("--jdbc-url=" + INFRA.jdbcUrl(), "--user=" + INFRA.user(), "--mappings=/nowhere");
        assertThat(noFolder.exit()).isEqualTo(2);
        assertThat(noFolder.err()).contains("/nowhere is not a directory");
    }

    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
