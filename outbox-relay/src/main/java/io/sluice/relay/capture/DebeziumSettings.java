package io.sluice.relay.capture;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.position.PositionsTopicStore;

/**
 * The Debezium embedded engine's settings: derived from the relay's configuration and the source
 * datasource, then overridden by {@code sluice.source.debezium.*}.
 */
public final class DebeziumSettings {

    /** What PostgreSQL's connector puts in place of an unchanged TOASTed column (MariaDB's full row images have none). */
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "__debezium_unavailable_value";

    /**
     * Debezium's source signalling table ({@code db/sluice/V1}): incremental snapshots are requested, and their
     * windows marked, by rows written here. Captured so that the signals reach the engine through the change log.
     */
    public static final TableId SIGNAL_TABLE = new TableId("sluice", "debezium_signal");

    /**
     * Sluice's heartbeat table ({@code db/sluice/V1}): its writes must reach the relay through the publication, or the slot's
     * position never moves on a database whose captured tables are idle (pgoutput sends nothing for other tables).
     */
    public static final TableId HEARTBEAT_TABLE = new TableId("sluice", "heartbeat");

    private DebeziumSettings() {
    }

    /**
     * @param kafkaSecurity the producer's connection security ({@code security.*}, {@code ssl.*}, {@code sasl.*}), which the Kafka
     *                      offset store's clients need as well
     */
    public static Properties of(RelayConfig.Source source, SourceDatabase database, Set<TableId> capturedTables, String bootstrapServers,
            Map<String, String> kafkaSecurity) {
        return of(source, RelayConfig.Delivery.AT_LEAST_ONCE, database, capturedTables, bootstrapServers, kafkaSecurity);
    }

    /**
     * @param delivery with {@code exactly-once}, the engine's offset store is {@link PositionsTopicStore} (positions committed in the
     *                 batches' transactions), which takes a position over once from the at-least-once store when it has none
     */
    public static Properties of(RelayConfig.Source source, RelayConfig.Delivery delivery, SourceDatabase database,
            Set<TableId> capturedTables, String bootstrapServers, Map<String, String> kafkaSecurity) {
        return of(source, delivery, database, capturedTables, ColumnSelection.ALL, false, bootstrapServers, kafkaSecurity);
    }

    /**
     * @param columns            the columns captured of each table ({@code column.include.list})
     * @param publicationReadied whether Sluice readied the publication with its column lists ({@link PublicationColumns}):
     *                           then Debezium must not create or alter it
     */
    public static Properties of(RelayConfig.Source source, RelayConfig.Delivery delivery, SourceDatabase database,
            Set<TableId> capturedTables, ColumnSelection columns, boolean publicationReadied, String bootstrapServers,
            Map<String, String> kafkaSecurity) {
        Properties p = new Properties();
        p.setProperty("name", "sluice-" + source.name());
        p.setProperty("topic.prefix", source.name());
        // truncates reach the relay, which counts them as ignored (sluice_changes_ignored_total), instead of Debezium dropping them
        p.setProperty("skipped.operations", "none");
        Set<TableId> included = new java.util.HashSet<>(capturedTables);
        included.add(SIGNAL_TABLE);
        included.add(HEARTBEAT_TABLE);
        p.setProperty("table.include.list", included.stream()
                .map(t -> Pattern.quote(t.schema()) + "\\." + Pattern.quote(t.table()))
                .sorted()
                .collect(Collectors.joining(",")));
        // connector, connection, heartbeat statement and the family's own stores (PostgreSQL's slot and publication,
        // MariaDB's server id and schema history)
        database.family().connectorSettings(p, source, database, included);
        // only the columns the mappings read (issue 18, point 5); Debezium would set the publication's tables without
        // column lists, so it leaves a publication Sluice readied alone
        columns.columnIncludeList(included).ifPresent(list -> p.setProperty("column.include.list", list));
        if (publicationReadied) {
            p.setProperty("publication.autocreate.mode", "disabled");
        }
        p.setProperty("unavailable.value.placeholder", UNAVAILABLE_VALUE_PLACEHOLDER);
        // BEGIN/END markers: the relay hands the legacy adapter whole transactions (header + lines).
        p.setProperty("provide.transaction.metadata", "true");

        // Incremental snapshots (admin API): signals through the signalling table, PostgreSQL's format being
        // <schema>.<table>; notifications (started, table scanned, completed) come back as records in the change
        // stream ("sink" channel), in order with the snapshot's rows. The topic name only labels them: the relay
        // never writes them to Kafka.
        p.setProperty("signal.enabled.channels", "source");
        p.setProperty("signal.data.collection", SIGNAL_TABLE.toString());
        p.setProperty("notification.enabled.channels", "sink");
        p.setProperty("notification.sink.topic.name", "__sluice-notifications." + source.name());

        switch (source.offsetStore()) {
            case JDBC -> {
                p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
                p.setProperty(PositionsTopicStore.MIGRATE_FROM, "jdbc");
                p.setProperty("offset.storage.jdbc.connection.url", database.jdbcUrl());
                p.setProperty("offset.storage.jdbc.connection.user", database.user());
                p.setProperty("offset.storage.jdbc.connection.password", database.password());
                p.setProperty("offset.storage.jdbc.table.name", source.offsetTable());
                // The store's own existence check does not see a schema-qualified table: without IF NOT EXISTS
                // every restart would fail on "relation already exists" (found by RelayCrashIT).
                p.setProperty("offset.storage.jdbc.table.ddl", "CREATE TABLE IF NOT EXISTS %s (id VARCHAR(36) NOT NULL, "
                        + "offset_key VARCHAR(1255), offset_val VARCHAR(1255), record_insert_ts TIMESTAMP NOT NULL, "
                        + "record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id))");
            }
            case KAFKA -> {
                p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
                p.setProperty(PositionsTopicStore.MIGRATE_FROM, "kafka");
                p.setProperty("offset.storage.topic", source.offsetTopic());
                p.setProperty("offset.storage.partitions", "1");
                p.setProperty("offset.storage.replication.factor", "-1"); // the broker's default
                p.setProperty("bootstrap.servers", bootstrapServers);
                kafkaSecurity.forEach(p::setProperty); // the store's producer, consumer and admin client take the worker's settings
            }
        }
        if (delivery == RelayConfig.Delivery.EXACTLY_ONCE) {
            // the at-least-once store's settings above stay: the position is taken over from it once, if the topic has none
            p.setProperty("offset.storage", PositionsTopicStore.class.getName());
            // Positions of several sources may share the topic: keyed by an engine name of this database and slot, so that
            // two sources given the same sluice.source.name never read each other's positions
            p.setProperty("name", "sluice-" + source.name() + "/" + database.database() + "/" + source.slotName());
            p.setProperty(PositionsTopicStore.MIGRATE_ENGINE_NAME, "sluice-" + source.name());
            p.setProperty(PositionsTopicStore.TOPIC, source.positionsTopic());
            p.setProperty(PositionsTopicStore.POSITION_FIELD, database.family().positionField());
            p.setProperty(PositionsTopicStore.FAMILY, database.family().displayName());
            p.setProperty("bootstrap.servers", bootstrapServers);
            kafkaSecurity.forEach(p::setProperty);
        }
        p.setProperty("offset.flush.interval.ms", Long.toString(source.offsetFlushInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");

        p.setProperty("poll.interval.ms", Long.toString(source.pollInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(source.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(source.maxBatchSize() * 4));

        p.setProperty("heartbeat.interval.ms", Long.toString(source.heartbeatInterval().toMillis()));

        source.debezium().forEach(p::setProperty);
        return p;
    }
}
