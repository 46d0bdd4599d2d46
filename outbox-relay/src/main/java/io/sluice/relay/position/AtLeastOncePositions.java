package io.sluice.relay.position;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The positions the at-least-once store kept ({@code offset.storage.sluice.migrate.from}: Debezium's JDBC table or Kafka
 * Connect's offsets topic), which {@link PositionsTopicStore} takes over once when the positions topic has none.
 */
final class AtLeastOncePositions {

    private final Map<String, String> settings;
    private final PositionsTopicReader reader;

    AtLeastOncePositions(Map<String, String> settings, PositionsTopicReader reader) {
        this.settings = settings;
        this.reader = reader;
    }

    /** The positions kept by the store {@code from} names ({@code jdbc}, {@code kafka}; anything else: none). */
    Map<ByteBuffer, ByteBuffer> read(String from, Duration timeout) {
        return switch (from) {
            case "jdbc" -> fromJdbcStore();
            case "kafka" -> fromKafkaStore(timeout);
            default -> Map.of();
        };
    }

    /** The positions in Debezium's JDBC store (its table holds the latest flush: one row per key, key and value as UTF-8 text). */
    private Map<ByteBuffer, ByteBuffer> fromJdbcStore() {
        Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
        String table = PositionsTopicStore.required(settings, "offset.storage.jdbc.table.name");
        try (Connection connection = DriverManager.getConnection(
                PositionsTopicStore.required(settings, "offset.storage.jdbc.connection.url"),
                settings.get("offset.storage.jdbc.connection.user"), settings.get("offset.storage.jdbc.connection.password"));
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT offset_key, offset_val FROM " + table)) {
            while (rows.next()) {
                String key = rows.getString(1);
                String value = rows.getString(2);
                if (key != null && value != null) {
                    found.put(ByteBuffer.wrap(key.getBytes(UTF_8)), ByteBuffer.wrap(value.getBytes(UTF_8)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState())) {
                return found; // no such table (PostgreSQL 42P01, MariaDB/MySQL 42S02): at-least-once never ran here
            }
            throw new ConnectException("Cannot read the at-least-once positions in " + table + " to take the position over: "
                    + e.getMessage(), e);
        }
        return found;
    }

    /** The positions in Kafka Connect's offsets topic (written without transactions). */
    private Map<ByteBuffer, ByteBuffer> fromKafkaStore(Duration timeout) {
        return reader.readAll(PositionsTopicStore.required(settings, "offset.storage.topic"), timeout);
    }

    String describe(String from) {
        return switch (from) {
            case "jdbc" -> "table " + settings.get("offset.storage.jdbc.table.name");
            case "kafka" -> "topic " + settings.get("offset.storage.topic");
            default -> from;
        };
    }
}
