package io.sluice.relay.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MySQL ({@code jdbc:mysql:} URLs), read with Debezium's MySQL connector, which reads MySQL's {@code uuid:sequence}
 * GTIDs (or file and position where GTIDs are off) and connects with MySQL Connector/J, its own driver; the relay's
 * datasource keeps MariaDB's driver ({@link SourceDriver}). Everything else is MariaDB's ({@link BinlogFamily}).
 */
public final class MySqlFamily extends BinlogFamily {

    static final MySqlFamily INSTANCE = new MySqlFamily();

    private MySqlFamily() {
    }

    @Override
    public String displayName() {
        return "MySQL";
    }

    @Override
    String urlScheme() {
        return "jdbc:mysql";
    }

    @Override
    String connectorClass() {
        return "io.debezium.connector.mysql.MySqlConnector";
    }

    /** MySQL has no BINLOG MONITOR (a MariaDB 10.5 privilege). */
    @Override
    String binlogMonitorGrant(String user) {
        return "GRANT REPLICATION CLIENT ON *.* TO " + user;
    }

    /** MySQL has no {@code TIME_MS}: whole seconds. */
    @Override
    String processlistMillis() {
        return "TIME * 1000";
    }

    /** Also MySQL's {@code binlog_row_value_options} (8.0; unknown to MariaDB). */
    @Override
    List<String> checkedVariables() {
        return Stream.concat(super.checkedVariables().stream(), Stream.of("binlog_row_value_options")).toList();
    }

    /** Also: JSON columns must be logged whole; a partial JSON update event carries no full new value. */
    @Override
    List<String> settingProblems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>(super.settingProblems(settings));
        String rowValueOptions = settings.get("binlog_row_value_options");
        if (rowValueOptions != null && rowValueOptions.toUpperCase(Locale.ROOT).contains("PARTIAL_JSON")) {
            problems.add("binlog_row_value_options is " + rowValueOptions
                    + ": set binlog_row_value_options='' (JSON updates logged whole, as Debezium's MySQL connector needs)");
        }
        return problems;
    }
}
