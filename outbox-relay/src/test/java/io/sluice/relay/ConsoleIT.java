package io.sluice.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The operator console in a real browser (Debian's Chromium, driven by Selenium) against the packaged relay on real
 * PostgreSQL and Kafka: without the token no page opens; the overview shows what {@code /sluice/admin/status} says; a
 * poison row shows up in the dead-letter list and is replayed from the page once its mapping is fixed; a snapshot
 * started from the page reaches 100 %; a standby's console disables stream actions, naming the leader; and no page
 * shows a masked or excluded column's value. Screenshots: {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final String DATABASE = "oms_console";
    private static final String TOKEN = "console-" + UUID.randomUUID();
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String UNIQUE = UUID.randomUUID().toString().substring(0, 7);
    private static final String POISON_KEY = "Q" + UNIQUE;
    /** Values of the masked (EMAIL_ADR) and excluded (PHONE_NO) columns: no page may show them. */
    private static final List<String> SECRETS = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String MAPPING = """
            table: OMS.CUSTMST
            aggregate: people
            key: [CUST_NO]
            exclude: [PHONE_NO]
            fields:
              customerId:   { column: CUST_NO, convert: trim }
              name:         { column: CUST_NM, convert: trim }
              email:        { column: EMAIL_ADR, mask: true }
              registeredOn: { column: CRT_DT, convert: %s }
            events:
              - type: PersonRegistered
                version: 1
                on: insert
                fields: [customerId, name, email, registeredOn]
            """;

    private static Path work;
    private static Path mappings;
    private static Map<String, String> env;
    private static AppProcess relay;
    private static AppProcess standby;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startRelayAndBrowser() throws Exception {
        work = Files.createTempDirectory("console-it");
        INFRA.createDatabase(DATABASE);
        LegacyOms.migrate(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password());
        mappings = Files.createDirectories(work.resolve("mappings"));
        Files.writeString(mappings.resolve("people.yaml"), MAPPING.formatted("date"));
        env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", mappings.toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "console");
        env.put("SLUICE_ADMIN_TOKEN", TOKEN);
        env.put("SLUICE_HA_INSTANCE_NAME", "console-a");
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));
        await().atMost(PATIENCE).until(() -> status(relay).path("state").asText().equals("STREAMING"));
        browser = browser();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (AppProcess app : new AppProcess[]{standby, relay}) {
            if (app != null) {
                app.kill();
            }
        }
    }

    @Test
    @Order(1)
    void withoutTheTokenNoPageOpensAndNoActionRuns() throws Exception {
        for (String page : List.of("", "/dead-letters", "/snapshots", "/mappings", "/mappings/asyncapi", "/tail")) {
            browser.get(relay.baseUrl() + "/sluice/console" + page);
            assertThat(browser.getCurrentUrl()).as("%s without a session", page).endsWith("/sluice/console/login");
            assertThat(browser.findElements(By.id("login"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("header.top"))).isEmpty();
        }
        screenshot("login");
        login("not-the-token");
        assertThat(browser.findElement(By.id("login-problem")).getText()).contains("not the admin token");
        assertThat(browser.manage().getCookieNamed("sluice_console")).isNull();

        // actions without a session, and with the token itself as cookie (it is not the session value), are refused
        HttpClient http = HttpClient.newHttpClient();
        for (String cookie : new String[]{null, "sluice_console=" + TOKEN}) {
            HttpRequest.Builder pause = HttpRequest.newBuilder(URI.create(relay.baseUrl() + "/sluice/console/pause"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (cookie != null) {
                pause.header("Cookie", cookie);
            }
            assertThat(http.send(pause.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        assertThat(status(relay).path("paused").asBoolean()).isFalse();

        login(TOKEN);
        assertThat(browser.getCurrentUrl()).endsWith("/sluice/console");
        assertThat(browser.findElement(By.cssSelector("[data-field=instance]")).getText()).isEqualTo("sluice-relay console-a");
        assertThat(browser.manage().getCookieNamed("sluice_console").isHttpOnly()).isTrue();
        assertThat(browser.manage().getCookieNamed("sluice_console").getValue()).doesNotContain(TOKEN);
    }

    @Test
    @Order(2)
    void theOverviewShowsWhatTheAdminStatusSays() throws Exception {
        try (LegacyOms oms = LegacyOms.connect(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password())) {
            for (int i = 0; i < 20; i++) {
                String email = "ada" + i + "." + UNIQUE + "@example.com";
                String phone = "+49 30 " + UNIQUE.hashCode() + i;
                SECRETS.add(email);
                SECRETS.add(phone);
                oms.registerCustomer("P" + i + UNIQUE.substring(0, 5), "ADA LOVELACE " + i, email, phone, LocalDate.of(2020, 1, 1 + i));
            }
        }
        await().atMost(PATIENCE).until(() -> status(relay).path("recordsPublished").asLong() >= 20);
        browser.get(relay.baseUrl() + "/sluice/console");
        // the counters move with heartbeats: page and status agree when read one right after the other
        await().atMost(PATIENCE).untilAsserted(() -> {
            browser.navigate().refresh();
            JsonNode status = status(relay);
            assertThat(field("state")).isEqualTo(status.path("state").asText());
            assertThat(field("instance")).isEqualTo(status.path("instance").asText());
            assertThat(field("leader")).isEqualTo(status.path("leader").asText());
            assertThat(field("role")).isEqualTo("leader");
            assertThat(field("paused")).isEqualTo("running");
            assertThat(number("changesRead")).isEqualTo(status.path("changesRead").asLong());
            assertThat(number("recordsPublished")).isEqualTo(status.path("recordsPublished").asLong());
            assertThat(number("deadLettered")).isEqualTo(status.path("deadLettered").asLong());
            assertThat(browser.findElement(By.cssSelector("[data-field=retainedWal]")).getAttribute("data-value"))
                    .isEqualTo(status.path("retainedWalBytes").asText());
        });
        // per topic and type, and the charts of the last seconds
        await().atMost(PATIENCE).untilAsserted(() -> {
            browser.navigate().refresh();
            assertThat(browser.findElement(By.id("events-per-type")).getText()).contains("people.events").contains("PersonRegistered 20");
            assertThat(browser.findElement(By.cssSelector("#chart-events path.line")).getAttribute("d")).startsWith("M");
            assertThat(browser.findElement(By.cssSelector("#chart-lag path.line")).getAttribute("d")).startsWith("M");
        });
        screenshot("overview");

        // pause and resume, each after a confirmation
        browser.findElement(By.id("pause")).click();
        confirm();
        await().atMost(PATIENCE).until(() -> status(relay).path("paused").asBoolean());
        assertThat(browser.findElement(By.id("outcome")).getText()).contains("Publishing is paused");
        assertThat(field("paused")).isEqualTo("paused by an operator");
        browser.findElement(By.id("resume")).click();
        confirm();
        await().atMost(PATIENCE).until(() -> !status(relay).path("paused").asBoolean());
        assertThat(browser.findElement(By.id("outcome")).getText()).contains("Publishing resumed");
    }

    @Test
    @Order(3)
    void aPoisonRowIsListedAndReplayedFromThePageOnceItsMappingIsFixed() throws Exception {
        String poisonEmail = "grace." + UNIQUE + "@example.com";
        String poisonPhone = "+1 555 " + Math.abs(UNIQUE.hashCode());
        SECRETS.add(poisonEmail);
        SECRETS.add(poisonPhone);
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            // a registration date the mapping cannot convert: dead-lettered
            sql.execute("INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"EMAIL_ADR\", \"PHONE_NO\", \"ACTV_FLG\", \"CRT_DT\") "
                    + "VALUES ('" + POISON_KEY + "', 'GRACE HOPPER', '" + poisonEmail + "', '" + poisonPhone + "', 'Y', '20261399')");
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            browser.get(relay.baseUrl() + "/sluice/console/dead-letters?replayed=no");
            assertThat(deadLetterRow()).isNotNull();
        });
        WebElement row = deadLetterRow();
        assertThat(row.getAttribute("data-table")).isEqualTo("OMS.CUSTMST");
        assertThat(row.findElement(By.className("reason")).getText()).contains("CRT_DT");
        assertThat(row.getText()).contains("GRACE HOPPER").contains("****").doesNotContain(poisonEmail).doesNotContain(poisonPhone);
        assertThat(row.findElement(By.className("replay-state")).getText()).startsWith("not replayed");
        // the filters: by table, and replayed ones only (none yet)
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-table"))).selectByValue("OMS.CUSTMST");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-replayed"))).selectByValue("yes");
        browser.findElement(By.cssSelector("#filter button")).click();
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.urlContains("replayed=yes"));
        assertThat(browser.getCurrentUrl()).contains("table=OMS.CUSTMST");
        assertThat(browser.findElement(By.id("filter-table")).getAttribute("value")).isEqualTo("OMS.CUSTMST");
        assertThat(browser.findElements(By.cssSelector("tr.dead-letter[data-key='" + POISON_KEY + "']"))).isEmpty();
        browser.get(relay.baseUrl() + "/sluice/console/dead-letters?replayed=no");
        screenshot("dead-letters");

        // the operator fixes the mapping (the date is published as the text it is) and restarts the relay
        Files.writeString(mappings.resolve("people.yaml"), MAPPING.formatted("trim"));
        relay.stop();
        relay.start().awaitReady(Duration.ofSeconds(90));
        await().atMost(PATIENCE).until(() -> status(relay).path("state").asText().equals("STREAMING"));

        try (RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), "people.events")) {
            browser.get(relay.baseUrl() + "/sluice/console/dead-letters?replayed=no"); // the session outlives the restart
            deadLetterRow().findElement(By.className("replay-one")).click();
            assertThat(browser.findElement(By.id("outcome")).getText()).contains("1 published").contains(POISON_KEY).contains("PUBLISHED");
            browser.get(relay.baseUrl() + "/sluice/console/dead-letters?replayed=yes");
            assertThat(deadLetterRow().findElement(By.className("replay-state")).getText()).startsWith("replayed");
            screenshot("dead-letters-replayed");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(topic.poll()).anySatisfy(r -> assertThat(r.key()).isEqualTo(POISON_KEY)));
        }
        // the live tail shows the replayed event, its masked field as ****
        browser.get(relay.baseUrl() + "/sluice/console/tail");
        WebElement event = browser.findElement(By.id("tail")).findElements(By.cssSelector("tr.tail-event")).stream()
                .filter(e -> e.getText().contains(POISON_KEY)).findFirst().orElseThrow();
        assertThat(event.getText()).contains("PersonRegistered").contains("people.events").contains("\"email\":\"****\"")
                .contains("20261399");
        screenshot("tail");

        // the tail refreshes itself every few seconds, except while paused
        new WebDriverWait(browser, PATIENCE).until(d -> refreshedAt() != null);
        browser.findElement(By.id("tail-pause")).click();
        assertThat(browser.findElement(By.id("tail-pause")).getText()).isEqualTo("Resume");
        String pausedAt = refreshedAt();
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).until(() -> java.util.Objects.equals(refreshedAt(), pausedAt));
        browser.findElement(By.id("tail-pause")).click();
        new WebDriverWait(browser, PATIENCE).until(d -> !java.util.Objects.equals(refreshedAt(), pausedAt));
    }

    @Test
    @Order(4)
    void aSnapshotStartedFromThePageReachesAHundredPercent() throws Exception {
        browser.get(relay.baseUrl() + "/sluice/console/snapshots");
        browser.findElement(By.cssSelector("#snapshot-form input[value='OMS.CUSTMST']")).click();
        browser.findElement(By.id("start-snapshot")).click();
        confirm();
        assertThat(browser.findElement(By.id("outcome")).getText()).contains("requested").contains("OMS.CUSTMST");
        // the page refreshes its progress by itself
        new WebDriverWait(browser, PATIENCE).ignoring(StaleElementReferenceException.class) // replaced by a refresh
                .until(d -> "100".equals(d.findElement(By.cssSelector(".snapshot-table[data-table='OMS.CUSTMST']"))
                        .getAttribute("data-percent")));
        new WebDriverWait(browser, PATIENCE)
                .until(d -> "completed".equals(d.findElement(By.cssSelector(".snapshot")).getAttribute("data-state")));
        assertThat(browser.findElement(By.cssSelector(".snapshot-table[data-table='OMS.CUSTMST'] .percent")).getText()).isEqualTo("100 %");
        screenshot("snapshots");
    }

    @Test
    @Order(5)
    void mappingsShowTablesEventTypesTheirSchemasTheAsyncApiDocumentAndAPreview() throws Exception {
        browser.get(relay.baseUrl() + "/sluice/console/mappings");
        assertThat(browser.findElement(By.id("mapped-tables")).getText()).contains("OMS.CUSTMST").contains("people")
                .contains("people.events")
                .contains("PersonRegistered");
        screenshot("mappings");
        browser.findElement(By.cssSelector("a.event-type")).click();
        JsonNode schema = JSON.readTree(browser.findElement(By.id("document")).getText());
        assertThat(schema.path("properties").path("email").path("const").asText()).isEqualTo("****");
        browser.get(relay.baseUrl() + "/sluice/console/mappings/asyncapi");
        JsonNode asyncApi = JSON.readTree(browser.findElement(By.id("document")).getText());
        assertThat(asyncApi.path("asyncapi").asText()).startsWith("3.");
        assertThat(asyncApi.path("channels").toString()).contains("people.events");

        // the preview of the broken mapping against the live rows: the poison row would be dead-lettered, shown redacted
        browser.get(relay.baseUrl() + "/sluice/console/mappings");
        browser.findElement(By.id("preview-mapping")).sendKeys(MAPPING.formatted("date"));
        WebElement rows = browser.findElement(By.id("preview-rows"));
        rows.clear();
        rows.sendKeys("100");
        browser.findElement(By.id("preview")).click();
        JsonNode preview = JSON.readTree(browser.findElement(By.id("document")).getText());
        JsonNode table = preview.path("tables").path(0);
        assertThat(table.path("table").asText()).isEqualTo("OMS.CUSTMST");
        assertThat(table.path("events")).hasSize(20);
        assertThat(table.path("deadLetters")).singleElement().satisfies(d -> {
            assertThat(d.path("key").asText()).isEqualTo(POISON_KEY);
            assertThat(d.path("reason").asText()).contains("CRT_DT");
            assertThat(d.path("row").path("EMAIL_ADR").asText()).isEqualTo("****");
        });
        String source = browser.getPageSource();
        assertThat(SECRETS).allSatisfy(secret -> assertThat(source).doesNotContain(secret));
        screenshot("preview");
    }

    @Test
    @Order(6)
    void aStandbysConsoleDisablesStreamActionsNamingTheLeader() throws Exception {
        Map<String, String> second = new HashMap<>(env);
        second.put("SLUICE_HA_INSTANCE_NAME", "console-b");
        standby = AppProcess.of("standby", Path.of("target", "quarkus-app", "quarkus-run.jar"), second, work.resolve("standby.log"),
                Ports.free()).start().awaitReady(Duration.ofSeconds(90));
        await().atMost(PATIENCE).until(() -> status(standby).path("state").asText().equals("STANDBY"));
        browser.get(standby.baseUrl() + "/sluice/console/login");
        login(TOKEN);
        assertThat(field("role")).isEqualTo("standby");
        assertThat(field("leader")).isEqualTo("sluice-relay console-a");
        // the overview lists both instances on the slot with their roles, as the status does, on the standby and the leader
        List<String> both = List.of("sluice-relay console-a=leader", "sluice-relay console-b=standby");
        for (AppProcess instance : List.of(standby, relay)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                browser.get(instance.baseUrl() + "/sluice/console");
                assertThat(instanceRoles()).isEqualTo(both);
            });
            List<String> listed = new ArrayList<>();
            status(instance).path("instances").forEach(i -> listed.add(i.path("name").asText() + "=" + i.path("role").asText()));
            assertThat(listed).isEqualTo(both);
        }
        assertThat(browser.findElement(By.cssSelector("#instances tr.self")).getAttribute("data-instance"))
                .isEqualTo("sluice-relay console-a");
        screenshot("instances");
        browser.get(standby.baseUrl() + "/sluice/console");
        assertThat(browser.findElement(By.id("standby-banner")).getText()).contains("sluice-relay console-a");
        WebElement pause = browser.findElement(By.id("pause"));
        assertThat(pause.isEnabled()).isFalse();
        assertThat(pause.getAttribute("title")).contains("stands by").contains("sluice-relay console-a");
        screenshot("standby");
        browser.get(standby.baseUrl() + "/sluice/console/snapshots");
        assertThat(browser.findElement(By.id("start-snapshot")).isEnabled()).isFalse();
        browser.get(standby.baseUrl() + "/sluice/console/dead-letters");
        assertThat(browser.findElement(By.id("replay-all")).isEnabled()).isFalse();
        standby.kill();
    }

    @Test
    @Order(7)
    void noPageShowsAMaskedOrExcludedValue() throws Exception {
        assertThat(SECRETS).hasSizeGreaterThan(2);
        List<String> pages = new ArrayList<>(List.of("", "/dead-letters", "/dead-letters?replayed=yes", "/snapshots", "/mappings",
                "/mappings/asyncapi", "/mappings/schemas/PersonRegistered", "/tail?limit=500"));
        for (String page : pages) {
            browser.get(relay.baseUrl() + "/sluice/console" + page);
            assertThat(browser.findElements(By.cssSelector("header.top"))).as("%s opens", page).hasSize(1);
            String source = browser.getPageSource();
            for (String secret : SECRETS) {
                assertThat(source).as("console page %s showing %s", page, secret).doesNotContain(secret)
                        .doesNotContain(URLEncoder.encode(secret, UTF_8));
            }
        }
        // the tail holds the events since the restart: the snapshot published every customer row again, so the check above
        // covered an event of each of them
        browser.get(relay.baseUrl() + "/sluice/console/tail?limit=500");
        assertThat(browser.findElements(By.cssSelector("tr.tail-event"))).hasSizeGreaterThanOrEqualTo(21)
                .allSatisfy(e -> assertThat(e.getText()).contains("\"email\":\"****\""));
    }

    // ---- helpers

    private static WebDriver browser() throws Exception {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver.canExecute()).as("%s: Chromium's driver is missing (Debian: apt-get install -y chromium chromium-driver; .ci/run "
                + "installs it)", driver).isTrue();
        profile = Files.createTempDirectory("console-it-chromium");
        ChromeOptions options = new ChromeOptions();
        Path binary = Files.isExecutable(Path.of("/usr/lib/chromium/chromium"))
                ? Path.of("/usr/lib/chromium/chromium")
                : Path.of("/usr/bin/chromium");
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile()).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().window().setSize(new Dimension(1400, 1000));
        chrome.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return chrome;
    }

    private static void login(String token) {
        if (!browser.getCurrentUrl().endsWith("/sluice/console/login")) {
            browser.get(relay.baseUrl() + "/sluice/console/login");
        }
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#login button")).click();
    }

    private static void confirm() {
        Alert alert = new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
        alert.accept();
    }

    private static String field(String name) {
        return browser.findElement(By.cssSelector("[data-field=" + name + "]")).getText();
    }

    private static long number(String name) {
        return Long.parseLong(field(name).replace(",", ""));
    }

    /** When console.js last refreshed the page's live sections, or null. */
    private static String refreshedAt() {
        return browser.findElement(By.tagName("body")).getAttribute("data-refreshed");
    }

    private static WebElement deadLetterRow() {
        List<WebElement> rows = browser.findElements(By.cssSelector("tr.dead-letter[data-key='" + POISON_KEY + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** {@code <name>=<role>} of each row of the overview's table of instances. */
    private static List<String> instanceRoles() {
        return browser.findElements(By.cssSelector("#instances tbody tr")).stream()
                .map(row -> row.getAttribute("data-instance") + "=" + row.getAttribute("data-role")).toList();
    }

    private static JsonNode status(AppProcess app) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                + "/sluice/admin/status")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /sluice/admin/status: %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
