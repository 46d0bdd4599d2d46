package io.sluice.relay.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sluice.adapter.mapping.BadDataPolicy;
import io.sluice.adapter.outbox.OutboxTable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * Everything the relay reads from configuration, under the prefix {@code sluice.}.
 * The source database connection itself is Quarkus's default datasource
 * ({@code quarkus.datasource.jdbc.url}, {@code .username}, {@code .password}); the broker is
 * {@code kafka.bootstrap.servers}.
 */
@ConfigMapping(prefix = "sluice")
public interface RelayConfig {

    /** The captured source database. */
    Source source();

    /**
     * The longest a stop (Ctrl-C, SIGTERM) may take: a relay still running then logs what it is still doing and ends at
     * once, as after a {@code kill -9}, which loses nothing (the position stays at the last committed batch).
     */
    @WithDefault("30s")
    Duration shutdownTimeout();

    /**
     * What a reader of the topics sees after a relay crash, a failover or a broker or database restart:
     * {@code exactly-once} (the default: each batch's source position commits in the batch's Kafka transaction, in
     * {@code sluice.source.positions-topic}; a {@code read_committed} reader sees every event once) or
     * {@code at-least-once} (positions stored apart, in {@code sluice.source.offset-store}; up to a flush interval is
     * published again after a crash). See {@code docs/exactly-once.md}.
     */
    @WithDefault("exactly-once")
    Delivery delivery();

    /** How the relay delivers events onto Kafka. */
    enum Delivery {
        /** Events, dead letters and the source position after them commit in one Kafka transaction. */
        EXACTLY_ONCE,
        /** The source position is stored apart after Kafka acknowledged the events: bounded duplicates after a crash. */
        AT_LEAST_ONCE
    }

    /** The legacy mappings. */
    Mapping mapping();

    /** Where and how events are published. */
    Publish publish();

    /** The outbox tables the relay captures. */
    Outbox outbox();

    /** When readiness turns red. */
    Health health();

    /** The admin API. */
    Admin admin();

    /**
     * What to do with a change that a mapping covers but cannot translate, or an outbox row that cannot become an event:
     * {@code dead-letter} (to {@code sluice.publish.dead-letter-topic}), {@code fail} (publish nothing more, retry, say why) or
     * {@code skip-with-warning} (log and count it). A mapping file's {@code bad-data:} key overrides it for its tables.
     */
    @WithDefault("dead-letter")
    BadDataPolicy badData();

    /** Several instances on one source: one streams, the others stand by. */
    Ha ha();

    interface Ha {
        /** How often a standby asks for the leadership, and how often the leader renews its lease. */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * A leader that has not renewed its lease for this long (a frozen process, or one cut off from the
         * source database) is fenced by a standby, which then takes over. At least three poll intervals.
         */
        @WithDefault("10s")
        Duration leaseTimeout();

        /** This instance's name in logs, the admin API and {@code pg_stat_activity}; host name and process id by default. */
        Optional<String> instanceName();
    }

    /** Incremental snapshots, requested through the admin API. */
    Snapshot snapshot();

    interface Snapshot {
        /** How often the progress of a running incremental snapshot is logged (rows done, total, rate, ETA). */
        @WithDefault("5s")
        Duration progressLogInterval();
    }

    interface Admin {
        /**
         * Bearer token for {@code /sluice/admin/*} ({@code Authorization: Bearer <token>}). Unset: the
         * admin API answers 403 to everyone.
         */
        Optional<String> token();
    }

    interface Health {
        /** Readiness is red while the replication slot holds back more WAL than this on the source (bytes). */
        @WithDefault("1073741824")
        @Positive
        long maxRetainedWalBytes();

        /**
         * Readiness is red when no change was processed for this long while the source has WAL the
         * relay has not confirmed: a stalled pipeline. An idle source keeps it green (heartbeats).
         */
        @WithDefault("60s")
        Duration maxChangeAge();
    }

    interface Source {
        /**
         * Logical name of the source, used in {@code ce_source}, Debezium's {@code topic.prefix}
         * and its JMX names. Lower case letters, digits, dashes and underscores.
         */
        @WithDefault("legacy")
        @Pattern(regexp = "[a-z0-9_-]+", message = "must be lower-case letters, digits, '-' or '_'")
        String name();

        /** Name of the logical replication slot the relay reads from (one reader at a time). */
        @WithDefault("sluice")
        @Pattern(regexp = "[a-z0-9_]+", message = "must be lower-case letters, digits or '_' (PostgreSQL slot name rules)")
        String slotName();

        /** Name of the PostgreSQL publication; created for the captured tables (and their captured columns) unless a DBA made it. */
        @WithDefault("sluice_publication")
        @NotBlank
        String publicationName();

        /**
         * Which columns of the captured tables leave the database: {@code needed} (default) captures, of each mapped table,
         * only the columns its mappings read plus its primary key and replica identity (a publication column list on
         * PostgreSQL 15+, and Debezium's {@code column.include.list}); {@code all} captures every column.
         */
        @WithDefault("needed")
        CaptureColumns captureColumns();

        /**
         * Where source positions (Debezium offsets) are stored with {@code sluice.delivery=at-least-once}. With
         * {@code exactly-once}, the store a position is taken over from, once, when the positions topic has none for
         * this source yet (moving from at-least-once keeps the position).
         */
        @WithDefault("jdbc")
        OffsetStore offsetStore();

        /**
         * Topic of the source positions with {@code sluice.delivery=exactly-once}: written in each batch's Kafka
         * transaction, read back with {@code read_committed} at start-up. Compacted; created if missing. Several
         * sources may share it (keyed by engine name and source partition, as Kafka Connect's offsets).
         */
        @WithDefault("sluice.positions")
        @NotBlank
        String positionsTopic();

        /** Topic of the positions when {@code offset-store=kafka} (compacted, created if missing). */
        @WithDefault("sluice.offsets")
        @NotBlank
        String offsetTopic();

        /** Table (schema-qualified) of the positions when {@code offset-store=jdbc}. */
        @WithDefault("sluice.relay_offsets")
        @NotBlank
        String offsetTable();

        /** How often source positions are flushed; at most this much is replayed after a crash. */
        @WithDefault("1s")
        Duration offsetFlushInterval();

        /**
         * How long Debezium collects changes into a batch at light load, and sleeps when the log has nothing new: lower
         * means lower latency at light load and more CPU while idle (Debezium's queue spins the last millisecond of every
         * interval: about 11 % of a core idle at 10 ms, 49 % at 1 ms, bench/README.md). No effect under full load.
         */
        @WithDefault("10ms")
        Duration pollInterval();

        /** Largest batch of changes handed to the publisher at once. */
        @WithDefault("2048")
        @Positive
        int maxBatchSize();

        /** Interval of heartbeats that advance the replication slot on an idle database. */
        @WithDefault("10s")
        Duration heartbeatInterval();

        /** First wait before the capture engine is restarted after a failure; doubles up to one minute. */
        @WithDefault("1s")
        Duration restartBackoff();

        /**
         * Debezium connector settings passed through unchanged (e.g.
         * {@code sluice.source.debezium."snapshot.mode"=no_data}); they override the relay's defaults.
         */
        Map<String, String> debezium();
    }

    /** Which columns of the captured tables the relay captures. */
    enum CaptureColumns {
        /** The columns the mappings read, keys and replica identity; every column of outbox tables and Java mappers' tables. */
        NEEDED,
        /** Every column of every captured table. */
        ALL
    }

    /** Where the relay keeps its source positions. */
    enum OffsetStore {
        /** In the source database ({@code sluice.source.offset-table}): no extra moving part. */
        JDBC,
        /** In a compacted Kafka topic ({@code sluice.source.offset-topic}). */
        KAFKA
    }

    interface Mapping {
        /** Directory of mapping files ({@code *.yaml} / {@code *.yml}), one per aggregate or bounded context. */
        Path dir();

        /**
         * What the relay does when a mapping rule reads old row values (a delete event's fields, {@code changed},
         * {@code transition}, {@code image: before}) that the source does not log for its table (PostgreSQL: a
         * replica identity other than FULL that lacks the columns): {@code fail} stops at start-up naming table, rule,
         * columns and the {@code ALTER TABLE ... REPLICA IDENTITY FULL;} that fixes it; {@code dead-letter} starts and
         * sends each change such a rule would need those values for to the dead-letter topic with that advice. Either
         * way no event carries a value the change did not carry.
         */
        @WithDefault("fail")
        MissingOldValues missingOldValues();
    }

    /** See {@link Mapping#missingOldValues()}. */
    enum MissingOldValues {
        /** Refuse to start. */
        FAIL,
        /** Start; dead-letter every change a rule cannot map without the old values the source does not log. */
        DEAD_LETTER
    }

    interface Outbox {
        /**
         * Outbox tables (schema-qualified), each following the column names below; Sluice's own
         * {@code sluice.outbox_event} by default. Empty to capture no outbox.
         */
        @WithDefault("sluice.outbox_event")
        List<@Pattern(regexp = "[^.]+\\.[^.]+", message = "must be schema-qualified: <schema>.<table>") String> tables();

        /** Column names, Debezium's outbox conventions by default. */
        Columns columns();

        /** Further outbox columns to publish as Kafka headers: {@code sluice.outbox.additional-headers.<column>=<header>}. */
        Map<String, String> additionalHeaders();

        /**
         * Further outbox columns to place into the event data (which must be a JSON object):
         * {@code sluice.outbox.additional-fields.<column>=<field>}.
         */
        Map<String, String> additionalFields();

        /**
         * Delete outbox rows older than this (by the timestamp column), for applications that do not delete
         * their rows right after inserting them. Unset: the relay deletes nothing. Choose it longer than any
         * relay outage you want to survive: a row deleted before the relay read it from the log is still in
         * the log, but a row deleted before the relay's slot existed is gone.
         */
        Optional<Duration> retention();

        /** How often the retention cleaner runs. */
        @WithDefault("1m")
        Duration cleanupInterval();

        /** Outbox rows whose payload is larger than this go to the dead-letter topic. */
        @WithDefault("1048576")
        @Positive
        int maxPayloadBytes();

        interface Columns {
            /** The event id (UUID): {@code ce_id}. */
            @WithDefault(OutboxTable.ID_COLUMN)
            String id();

            /** Selects the topic. */
            @WithDefault(OutboxTable.AGGREGATE_TYPE_COLUMN)
            String aggregateType();

            /** The record key and {@code ce_subject}. */
            @WithDefault(OutboxTable.AGGREGATE_ID_COLUMN)
            String aggregateId();

            /** The event type: {@code ce_type}. */
            @WithDefault(OutboxTable.TYPE_COLUMN)
            String type();

            /** The event data (JSON). */
            @WithDefault(OutboxTable.PAYLOAD_COLUMN)
            String payload();

            /** The event time; the commit time when the column is absent. */
            @WithDefault(OutboxTable.TIMESTAMP_COLUMN)
            String timestamp();

            /** A tracing span context, passed on as header {@code tracingspancontext}. */
            @WithDefault(OutboxTable.TRACING_SPAN_CONTEXT_COLUMN)
            String tracingSpanContext();
        }
    }

    interface Publish {
        /** Topic name pattern; {@code {aggregate}} is replaced by the event's aggregate type. */
        @WithDefault("{aggregate}.events")
        @Pattern(regexp = ".*\\{aggregate}.*", message = "must contain {aggregate}")
        String topicPattern();

        /** Topic that receives changes which matched a mapping but could not become an event. */
        @WithDefault("sluice.dead-letter")
        @NotBlank
        String deadLetterTopic();

        /** Extra Kafka producer settings passed through unchanged (e.g. {@code sluice.publish.kafka."linger.ms"=5}). */
        Map<String, String> kafka();

        /** Optional client id of the producer. */
        Optional<String> clientId();

        /**
         * The connection security of {@link #kafka()} (its {@code security.*}, {@code ssl.*} and {@code sasl.*} keys): every
         * other Kafka client of the relay (broker probe, dead-letter reader, Kafka offset store) connects as the producer does.
         */
        default Map<String, String> connectionSecurity() {
            Map<String, String> security = new java.util.TreeMap<>();
            kafka().forEach((key, value) -> {
                if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                    security.put(key, value);
                }
            });
            return security;
        }

        /**
         * Publish each batch in one Kafka transaction (consumers read with {@code isolation.level=read_committed}).
         * It is what fences a former leader: the transactional id is shared by every instance on the source,
         * so a new leader's producer makes every later send of the former one fail. Off: no fencing.
         */
        @WithDefault("true")
        boolean transactions();

        /**
         * The transactional id, the same for every instance attached to the same source and slot; by default
         * derived from the source's host, port, database and slot.
         */
        Optional<String> transactionalId();
    }
}
