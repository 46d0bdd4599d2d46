package io.sluice.relay.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.config.RelayConfig;

class SourceFamilyTest {

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://db:5432/oms, PostgreSQL",
            "jdbc:mariadb://db:3306/oms, MariaDB",
            "jdbc:mysql://db:3306/oms, MySQL"})
    void theFamilyFollowsFromTheJdbcUrl(String url, String family) {
        assertThat(SourceFamily.of(url).displayName()).isEqualTo(family);
    }

    @Test
    void anUnknownUrlNamesTheFormsTheRelayReads() {
        assertThatThrownBy(() -> SourceFamily.of("jdbc:oracle:thin:@db:1521/ORCL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:oracle:thin:@db:1521/ORCL")
                .hasMessageContaining("jdbc:postgresql://").hasMessageContaining("jdbc:mariadb://").hasMessageContaining("jdbc:mysql://");
    }

    @ParameterizedTest
    @CsvSource({
            "0, LSN 0/0",
            "23876296, LSN 0/16C52C8",
            "4294967296, LSN 1/0",
            "-1, LSN FFFFFFFF/FFFFFFFF"})
    void aPostgresPositionReadsAsTheLsnPostgresPrints(long lsn, String text) {
        assertThat(PostgresFamily.INSTANCE.describePosition(lsn)).isEqualTo(text);
    }

    @Test
    void aPostgresOffsetResumesAtItsHighestLsn() {
        assertThat(PostgresFamily.INSTANCE.resumePosition(Map.of("lsn_proc", 300L, "lsn", 200L, "lsn_commit", 400L, "txId", 9)))
                .hasValue(400L);
        assertThat(PostgresFamily.INSTANCE.resumePosition(Map.of("lsn", 200L))).hasValue(200L);
        assertThat(PostgresFamily.INSTANCE.resumePosition(Map.of("txId", 9))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb://db/oms", "jdbc:mysql://db/oms"})
    void aTransactionReadAgainPrecedesThePositionInsideIt(String url) {
        SourceFamily family = SourceFamily.of(url);
        // Debezium's offset: the transaction's start (file, pos) and how much of it was handled (event, row); absent is 0
        Map<String, Object> restart = Map.of("file", "mariadb-bin.000002", "pos", 376083L, "event", 3L, "server_id", 1L);
        // a heartbeat Debezium emits while it reads again the 3 events it skips after a restart from there
        Map<String, Object> rereading = Map.of("file", "mariadb-bin.000002", "pos", 376083L, "server_id", 1L);

        assertThat(family.precedes(rereading, restart)).as("the rereading heartbeat precedes the restart point").isTrue();
        assertThat(family.precedes(restart, rereading)).isFalse();
        assertThat(family.precedes(restart, restart)).as("a position does not precede itself").isFalse();
        assertThat(family.precedes(Map.of("file", "mariadb-bin.000002", "pos", "376083", "event", 3L, "row", 1L), restart))
                .as("a later row (numbers as a JSON store hands them back)").isFalse();
        assertThat(family.precedes(restart, Map.of("file", "mariadb-bin.000002", "pos", 376083L, "event", 3L, "row", 1L))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb://db/oms", "jdbc:mysql://db/oms"})
    void positionsOfOtherTransactionsServersOrLogsAreNotOrdered(String url) {
        SourceFamily family = SourceFamily.of(url);
        Map<String, Object> restart = Map.of("file", "mariadb-bin.000002", "pos", 376083L, "event", 3L, "server_id", 1L);

        // RESET MASTER, or another server, starts the binlog's names and positions again: holding those back would stall
        assertThat(family.precedes(Map.of("file", "mariadb-bin.000002", "pos", 4L, "server_id", 1L), restart))
                .as("an earlier transaction start").isFalse();
        assertThat(family.precedes(Map.of("file", "mariadb-bin.000001", "pos", 376083L, "server_id", 1L), restart))
                .as("an earlier file").isFalse();
        assertThat(family.precedes(Map.of("file", "mariadb-bin.000002", "pos", 376083L, "server_id", 2L), restart))
                .as("another server").isFalse();
        assertThat(family.precedes(Map.of("pos", 376083L), restart)).isFalse();
        assertThat(family.precedes(restart, Map.of())).isFalse();
    }

    @Test
    void postgresPositionsAreNotOrderedByTheRelay() {
        // decoding order is commit order, but a change's LSN may be lower than an earlier transaction's: no order to enforce
        assertThat(PostgresFamily.INSTANCE.precedes(Map.of("lsn", 100L), Map.of("lsn", 200L))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb://db/oms", "jdbc:mysql://db/oms"})
    void aBinlogFamilyHasNoSlotToLoseOrRecreate(String url) throws Exception {
        SourceFamily family = SourceFamily.of(url);
        assertThat(family.replicationSlot(null, "sluice")).isEmpty();
        assertThat(family.resumePosition(Map.of("file", "binlog.000002", "pos", 4L))).isEmpty();
        assertThatThrownBy(() -> family.recreateSlot(null, "sluice")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(family.displayName() + " keeps no replication slot for the relay: there is none to recreate");
    }

    @Test
    void aMariaDbUrlGivesHostPortAndDatabase() {
        SourceDatabase database = SourceDatabase.of("jdbc:mariadb://legacy-db:3307/oms?useSsl=false", "relay", "pw");
        assertThat(database.host()).isEqualTo("legacy-db");
        assertThat(database.port()).isEqualTo(3307);
        assertThat(database.database()).isEqualTo("oms");
        assertThat(SourceDatabase.of("jdbc:mysql://legacy-db/oms", "relay", null).port()).isEqualTo(3306);
    }

    /*
     * Debezium's JDBC schema history checks that its table exists in the database named before the dot of
     * "sluice.schema_history_<slot>", but reads and writes the bare name in its connection's database: only a connection on
     * database sluice keeps both in one place. On any other, the history went elsewhere and each restart failed with "The db
     * history topic is missing" (found by MariaDbRelayCrashIT).
     */
    @ParameterizedTest
    @CsvSource({
            "jdbc:mariadb://db:3306/oms, jdbc:mariadb://db:3306/sluice",
            "jdbc:mariadb://db:3306/oms?useSsl=false&x=/y, jdbc:mariadb://db:3306/sluice?useSsl=false&x=/y",
            "jdbc:mysql://db/sluice, jdbc:mysql://db/sluice",
            "jdbc:mariadb://db:3306, jdbc:mariadb://db:3306/sluice",
            "jdbc:mariadb://db:3306/?user=r, jdbc:mariadb://db:3306/sluice?user=r"})
    void theSchemaHistoryIsReadAndWrittenInSluicesDatabaseWhateverTheDatasourceNames(String datasource, String history) {
        assertThat(BinlogFamily.schemaHistoryUrl(datasource)).isEqualTo(history);
    }

    @Test
    void aMariaDbUrlWithoutHostIsOneClearLine() {
        assertThatThrownBy(() -> SourceDatabase.of("jdbc:mariadb:oms", "relay", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a MariaDB JDBC URL").hasMessageContaining("jdbc:mariadb://<host>:<port>/<database>");
        assertThatThrownBy(() -> SourceDatabase.of("jdbc:mysql:oms", "relay", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a MySQL JDBC URL").hasMessageContaining("jdbc:mysql://<host>:<port>/<database>");
    }

    @Test
    void eachFamilyQuotesAndAgesOutRowsInItsOwnSql() {
        TableId outbox = new TableId("sluice", "outbox_event");
        assertThat(SourceFamily.of("jdbc:mariadb://h/d").deleteOlderThan(outbox, "timestamp"))
                .isEqualTo("DELETE FROM `sluice`.`outbox_event` WHERE `timestamp` < NOW(6) - INTERVAL ? SECOND");
        assertThat(SourceFamily.of("jdbc:mysql://h/d").deleteOlderThan(outbox, "timestamp"))
                .isEqualTo(SourceFamily.of("jdbc:mariadb://h/d").deleteOlderThan(outbox, "timestamp"));
        assertThat(SourceFamily.of("jdbc:postgresql://h/d").deleteOlderThan(outbox, "timestamp"))
                .isEqualTo("DELETE FROM \"sluice\".\"outbox_event\" WHERE \"timestamp\" < now() - make_interval(secs => ?)");
    }

    @Test
    void theReplicaServerIdIsStablePerStreamAndAwayFromSmallIds() {
        assertThat(BinlogFamily.serverId("sluice")).isEqualTo(BinlogFamily.serverId("sluice")).isBetween(1_000_000L, 1_999_999L);
        assertThat(BinlogFamily.serverId("sluice")).isNotEqualTo(BinlogFamily.serverId("orders"));
    }

    @Test
    void theDatasourceDriverPicksTheFamilysDriver() throws Exception {
        SourceDriver driver = new SourceDriver();
        assertThat(driver.acceptsURL("jdbc:postgresql://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:mariadb://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:mysql://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:oracle:thin:@h:1521/d")).isFalse();
        assertThat(driver.connect("jdbc:oracle:thin:@h:1521/d", new java.util.Properties())).isNull();
    }

    /* issue #17: a jdbc:mysql: URL is read with Debezium's MySQL connector, not its MariaDB one */
    @ParameterizedTest
    @CsvSource({
            "jdbc:mariadb://db:3306/oms, io.debezium.connector.mariadb.MariaDbConnector",
            "jdbc:mysql://db:3306/oms, io.debezium.connector.mysql.MySqlConnector"})
    void eachBinlogFamilyNamesItsOwnConnector(String url, String connector) {
        assertThat(settings(url).getProperty("connector.class")).isEqualTo(connector);
    }

    @Test
    void mySqlSharesEveryOtherConnectorSettingWithMariaDb() {
        Properties mysql = settings("jdbc:mysql://db:3306/oms");
        Properties mariadb = settings("jdbc:mariadb://db:3306/oms");
        mysql.remove("connector.class");
        mariadb.remove("connector.class");
        assertThat(mysql).containsEntry("snapshot.locking.mode", "none")
                .containsEntry("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory")
                .containsEntry("schema.history.internal.jdbc.connection.url", "jdbc:mysql://db:3306/sluice")
                .containsEntry("database.include.list", "\\QOMS\\E")
                .doesNotContainKey("database.jdbc.driver"); // the connector's own: MySQL Connector/J
        assertThat(mysql.keySet()).isEqualTo(mariadb.keySet());
        mysql.remove("schema.history.internal.jdbc.connection.url");
        mariadb.remove("schema.history.internal.jdbc.connection.url");
        assertThat(mysql).isEqualTo(mariadb);
    }

    @Test
    void bothBinlogFamiliesShareMigrationsLeadershipAndPositions() {
        SourceFamily mysql = SourceFamily.of("jdbc:mysql://db/oms");
        SourceFamily mariadb = SourceFamily.of("jdbc:mariadb://db/oms");
        assertThat(mysql.sluiceMigrations()).isEqualTo(mariadb.sluiceMigrations()).isEqualTo("classpath:db/mariadb/sluice");
        assertThat(mysql.positionField()).isEqualTo(mariadb.positionField()).isEqualTo("file");
        assertThat(mysql.sessionIdFunction()).isEqualTo(mariadb.sessionIdFunction()).isEqualTo("CONNECTION_ID()");
        assertThat(mysql.quote("a`b")).isEqualTo(mariadb.quote("a`b")).isEqualTo("`a``b`");
        assertThat(mysql.leaderLock("sluice")).isInstanceOf(BinlogLeaderLock.class);
        assertThat(mysql.transactionIdOfMarker("3E11FA47-71CA-11E1-9E33-C80AA9429562:23"))
                .isEqualTo("3E11FA47-71CA-11E1-9E33-C80AA9429562:23");
    }

    /* asking a server for a variable it does not know fails the whole start-up check */
    @Test
    void eachBinlogFamilyAsksOnlyForServerVariablesItsServerKnows() {
        assertThat(MariaDbFamily.INSTANCE.settingsQuery()).isEqualTo("SELECT @@log_bin, @@binlog_format, @@binlog_row_image");
        assertThat(MySqlFamily.INSTANCE.settingsQuery())
                .isEqualTo("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@binlog_row_value_options");
    }

    @Test
    void mySqlAlsoNeedsJsonUpdatesLoggedWhole() {
        Map<String, String> good = Map.of("log_bin", "1", "binlog_format", "ROW", "binlog_row_image", "FULL", "binlog_row_value_options",
                "");
        assertThat(MySqlFamily.INSTANCE.settingProblems(good)).isEmpty();
        Map<String, String> partial = new java.util.HashMap<>(good);
        partial.put("binlog_row_value_options", "PARTIAL_JSON");
        assertThat(MySqlFamily.INSTANCE.settingProblems(partial)).singleElement().asString()
                .startsWith("binlog_row_value_options is PARTIAL_JSON: set binlog_row_value_options=''");
    }

    @ParameterizedTest
    @CsvSource({
            "0, ROW, FULL, the binary log is off",
            "1, MIXED, FULL, binlog_format is MIXED: set binlog_format=ROW",
            "1, ROW, MINIMAL, binlog_row_image is MINIMAL: set binlog_row_image=FULL"})
    void bothBinlogFamiliesNeedTheFullRowBinlog(String logBin, String format, String image, String problem) {
        Map<String, String> settings = Map.of("log_bin", logBin, "binlog_format", format, "binlog_row_image", image);
        assertThat(MariaDbFamily.INSTANCE.settingProblems(settings)).singleElement().asString().startsWith(problem);
        assertThat(MySqlFamily.INSTANCE.settingProblems(settings)).singleElement().asString().startsWith(problem);
    }

    @Test
    void eachBinlogFamilyNamesItsOwnGrantAndSessionClock() {
        assertThat(MariaDbFamily.INSTANCE.binlogMonitorGrant("relay"))
                .isEqualTo("GRANT BINLOG MONITOR ON *.* TO relay (REPLICATION CLIENT before MariaDB 10.5)");
        assertThat(MySqlFamily.INSTANCE.binlogMonitorGrant("relay")).isEqualTo("GRANT REPLICATION CLIENT ON *.* TO relay"); // no BINLOG MONITOR
        assertThat(MariaDbFamily.INSTANCE.processlistMillis()).isEqualTo("TIME_MS");
        assertThat(MySqlFamily.INSTANCE.processlistMillis()).isEqualTo("TIME * 1000"); // MySQL has no TIME_MS
    }

    private static Properties settings(String url) {
        SourceFamily family = SourceFamily.of(url);
        Properties settings = new Properties();
        family.connectorSettings(settings, source("sluice"), family.database(url, "relay", "pw"), Set.of(new TableId("OMS", "ORDHDR")));
        return settings;
    }

    /** A source configuration naming only its capture stream (the one setting the connector settings read). */
    private static RelayConfig.Source source(String slotName) {
        return (RelayConfig.Source) Proxy.newProxyInstance(RelayConfig.Source.class.getClassLoader(),
                new Class<?>[]{RelayConfig.Source.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "slotName" -> slotName;
                    case "toString" -> "source " + slotName;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
