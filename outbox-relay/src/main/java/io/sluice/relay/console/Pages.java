package io.sluice.relay.console;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** What the console's templates show: plain values, formatted on the server. */
public final class Pages {

    private Pages() {
    }

    /**
     * What every page shows around its content: this instance, its state, and whether it may act on the stream.
     *
     * @param standby  this instance stands by: stream actions are disabled, naming the leader
     * @param outcome  the outcome of the action the operator just took, if any
     */
    @TemplateData
    public record Frame(String page, String instance, String state, String leader, boolean standby, boolean paused, Outcome outcome) {

        /** Why a stream action is disabled here, or null when it is not. */
        public String disabledReason() {
            return standby
                    ? "This instance stands by; " + (leader == null ? "the leader" : leader) + " streams from the slot: act there"
                    : null;
        }
    }

    /** What an action did, shown once on the page it leads to. */
    @TemplateData
    public record Outcome(boolean ok, String summary, List<String> details) {
    }

    @TemplateData
    public record Overview(String role, String lastProblem, String changesRead, long changesReadValue, String recordsPublished,
            long recordsPublishedValue, String deadLettered, long deadLetteredValue, String lastBatchAt, String retainedWal,
            Long retainedWalBytes, String walBudget, int walPercent, boolean overBudget, List<Chart> charts, List<TopicEvents> events,
            List<InstanceRow> instances) {
    }

    /**
     * A relay instance on the slot ({@code RelayStatus.instances()}).
     *
     * @param state    its reported state, {@code paused} appended; empty when unknown
     * @param lastSeen how long ago it last reported, e.g. {@code 1 s ago}
     */
    @TemplateData
    public record InstanceRow(String name, String role, String state, String since, String lastSeen, boolean self) {
    }

    /** Events acknowledged since start, per topic and type. */
    @TemplateData
    public record TopicEvents(String topic, String type, long count) {
    }

    @TemplateData
    public record DeadLetters(String topic, int total, int notReplayed, List<String> tables, String table, String replayed,
            List<DeadLetterRow> rows, String problem) {
    }

    @TemplateData
    public record DeadLetterRow(int partition, long offset, String at, String table, String operation, String key, String reason,
            List<Cell> row, boolean replayed, String lastReplay) {
    }

    /** A column of a row image; masked and excluded columns hold {@code ****}, as recorded. */
    @TemplateData
    public record Cell(String column, String value) {
    }

    @TemplateData
    public record Snapshots(List<String> tables, List<Snapshot> snapshots, boolean running) {
    }

    @TemplateData
    public record Snapshot(String id, String state, String requestedAt, String finishedAt, List<SnapshotTable> tables) {
    }

    @TemplateData
    public record SnapshotTable(String table, String state, long rowsDone, String rowsTotal, int percent, String percentText, String rate,
            String eta, String problem) {
    }

    @TemplateData
    public record Mappings(List<MappedTable> tables, List<String> outboxTables, List<String> eventTypes, String topicPattern,
            String problem) {
    }

    @TemplateData
    public record MappedTable(String table, String aggregate, String topic, String file, String key, List<MappedEvent> events) {
    }

    @TemplateData
    public record MappedEvent(String type, int version, String on) {
    }

    @TemplateData
    public record Document(String title, String subtitle, String json) {
    }

    @TemplateData
    public record Tail(int limit, long total, List<TailEvent> events) {
    }

    @TemplateData
    public record TailEvent(String at, String type, String key, String id, String topic, String data) {
    }
}
