package io.sluice.relay.deadletter;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.ChangeRouting;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.capture.SourceSchema;
import io.sluice.relay.capture.TransactionalIds;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.deadletter.DeadLetterTopic.Entry;
import io.sluice.relay.deadletter.ReplayMarker.Outcome;
import io.sluice.relay.publish.EventPublisher;
import io.sluice.relay.publish.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lists the dead-letter topic and replays its dead letters: each raw change goes through the mappings in force (after
 * the operator fixed a mapping and restarted the relay), its events are published as the stream would publish them
 * (same topics, headers and deterministic {@code ce_id}s), and a replay marker appended to the dead-letter topic
 * records the outcome, so that a later replay skips what is published. A change that still fails stays dead-lettered
 * with the new reason.
 *
 * <p>What a dead-letter record cannot give back: values of masked and excluded columns (recorded as {@code ****}), and
 * the other rows of the change's source transaction. Events never carry masked or excluded values anyway, but a rule
 * that compares a masked column's old and new values cannot be decided, and an event that collects rows of its
 * transaction (an order's lines) would be published without them: such changes are not replayed (they stay
 * dead-lettered, saying why). A Java mapper that reads a masked column sees {@code ****}.
 */
@ApplicationScoped
public class DeadLetterReplayer {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplayer.class);

    @Inject
    DeadLetterTopic topic;
    @Inject
    MappingsInForce mappings;
    @Inject
    RelayStatus status;
    @Inject
    RelayConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    KafkaClients kafka;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> password;

    /**
     * @param limit    at most this many, oldest first
     * @param replayed only replayed ({@code true}) or not replayed ({@code false}) ones; null for all
     */
    public DeadLetterView.Page list(int limit, Boolean replayed) {
        List<Entry> entries = topic.read();
        int notReplayed = (int) entries.stream().filter(e -> !e.replayed()).count();
        List<DeadLetterView> shown = entries.stream()
                .filter(e -> replayed == null || e.replayed() == replayed)
                .sorted(Comparator.comparing((Entry e) -> e.deadLetter().timestamp()).thenComparingInt(e -> e.deadLetter().partition())
                        .thenComparingLong(e -> e.deadLetter().offset()))
                .limit(limit)
                .map(entry -> DeadLetterView.of(entry, json))
                .toList();
        return new DeadLetterView.Page(topic.name(), entries.size(), notReplayed, shown);
    }

    /**
     * Replays every dead letter not replayed yet, or the one at {@code partition}/{@code offset}.
     *
     * @throws OperationRefusedException 404 when there is no such dead letter, 409 while publishing is paused, 503 when
     *                                   the mappings are not loaded, the topic cannot be read or Kafka refuses an event
     */
    public synchronized ReplayReport replay(Integer partition, Long offset) {
        ChangeRouting routing = mappings.routing()
                .orElseThrow(() -> new OperationRefusedException(503, "The relay has not loaded its mappings yet; try again shortly"));
        if (status.paused()) {
            throw new OperationRefusedException(409, "Publishing is paused by an operator, and a replay publishes: resume first "
                    + "(POST /sluice/admin/resume)");
        }
        List<Entry> entries = topic.read();
        List<Entry> chosen;
        if (partition != null) {
            Entry one = entries.stream().filter(e -> e.deadLetter().partition() == partition && e.deadLetter().offset() == offset)
                    .findFirst().orElseThrow(() -> new OperationRefusedException(404, "No dead letter at partition " + partition
                            + ", offset " + offset + " of " + topic.name()));
            chosen = List.of(one);
        } else {
            chosen = entries.stream().filter(e -> !e.replayed()).toList();
        }
        Map<TableId, Map<String, String>> columnTypes = columnTypes(chosen);

        List<ReplayReport.Result> results = new ArrayList<>();
        int published = 0;
        int failing = 0;
        int already = 0;
        ReplayMarkers markers = new ReplayMarkers(json, topic.name());
        // one Kafka transaction per dead letter: its events and its replay marker commit together, so a replay that fails
        // half-way leaves neither events nor a marker, and a read_committed reader sees each event once
        try (EventPublisher publisher = kafka.replayPublisher(config.publish().transactions() ? replayTransactionalId() : null)) {
            for (Entry entry : chosen) {
                DeadLetter deadLetter = entry.deadLetter();
                if (entry.replayed()) {
                    already++;
                    results.add(result(deadLetter, "ALREADY_REPLAYED", entry.lastReplay().eventIds(), null));
                    continue;
                }
                ReplayAttempt attempt = ReplayAttempt.of(deadLetter, routing, columnTypes, config.source().name());
                List<String> ids = List.of();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                if (attempt.events() != null) {
                    attempt.events().stream().map(publisher::publish).forEach(sends::add);
                    ids = attempt.events().stream().map(DomainEvent::id).toList();
                }
                Outcome outcome = attempt.events() != null ? Outcome.PUBLISHED : Outcome.STILL_FAILING;
                sends.add(markers.append(publisher, deadLetter, new ReplayMarker(deadLetter.partition(), deadLetter.offset(), outcome, ids,
                        attempt.problem(), Instant.now())));
                commit(publisher, deadLetter);
                awaitAll(sends, deadLetter);
                if (outcome == Outcome.PUBLISHED) {
                    published++;
                    LOG.infof("Replayed dead letter %s (%s key %s): published %s", deadLetter.id(), deadLetter.table(), deadLetter.key(),
                            ids);
                } else {
                    failing++;
                    LOG.warnf("Replayed dead letter %s (%s key %s) still fails: %s", deadLetter.id(), deadLetter.table(), deadLetter.key(),
                            attempt.problem());
                }
                results.add(result(deadLetter, outcome.name(), ids, attempt.problem()));
            }
        }
        return new ReplayReport(published, failing, already, results);
    }

    /** Commits the dead letter's transaction: its events and its marker become visible together, or neither. */
    private void commit(EventPublisher publisher, DeadLetter deadLetter) {
        try {
            publisher.commit();
        } catch (org.apache.kafka.common.KafkaException | EventPublisher.FencedException e) {
            throw new OperationRefusedException(503, "Kafka did not commit the replay of dead letter " + deadLetter.id() + ": "
                    + e.getMessage() + "; neither its events nor its replay marker are published (a later replay tries it again)", e);
        }
    }

    private String replayTransactionalId() {
        return TransactionalIds.replay(config, SourceDatabase.of(jdbcUrl, user, password.orElse(null)));
    }

    private void awaitAll(List<Future<RecordMetadata>> sends, DeadLetter deadLetter) {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationRefusedException(503, "Interrupted while replaying dead letter " + deadLetter.id(), e);
            } catch (ExecutionException e) {
                throw new OperationRefusedException(503, "Kafka did not acknowledge an event of dead letter " + deadLetter.id() + ": "
                        + e.getCause().getMessage() + "; the replay stopped there (it is not marked, a later replay tries it again)",
                        e.getCause());
            }
        }
    }

    private Map<TableId, Map<String, String>> columnTypes(List<Entry> entries) {
        Set<TableId> tables = new LinkedHashSet<>();
        entries.stream().map(e -> e.deadLetter().table()).filter(Objects::nonNull).map(TableId::parse).filter(Objects::nonNull)
                .forEach(tables::add);
        if (tables.isEmpty()) {
            return Map.of();
        }
        try {
            return SourceSchema.columnsOf(dataSource, tables);
        } catch (SQLException e) {
            throw new OperationRefusedException(503, "Cannot read the column types of " + tables + " from the source database, which a "
                    + "replay needs to restore dates, times and bytes: " + e.getMessage(), e);
        }
    }

    private static ReplayReport.Result result(DeadLetter d, String outcome, List<String> ids, String reason) {
        return new ReplayReport.Result(d.partition(), d.offset(), d.table(), d.key(), outcome, ids, reason);
    }
}
