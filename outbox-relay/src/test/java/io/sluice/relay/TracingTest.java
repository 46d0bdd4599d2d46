package io.sluice.relay;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsSourceResource;
import jakarta.inject.Inject;

/**
 * Trace context from the outbox row, or started at capture, reaches Kafka's W3C headers, and the relay's
 * producer spans are exported (in memory, {@link InMemorySpans}): real PostgreSQL, real Kafka.
 */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class TracingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    @Inject
    InMemorySpanExporter spans;

    private final String aggregate = "traced" + UUID.randomUUID().toString().substring(0, 6);
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler warningHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> RestAssured.when().get("/q/health/ready").then().statusCode(200));
        Logger.getLogger("io.sluice.relay.publish.EventTracing").addHandler(warningHandler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("io.sluice.relay.publish.EventTracing").removeHandler(warningHandler);
    }

    @Test
    void anOutboxRowsSpanContextIsTheParentOfTheProducerSpanWhoseContextIsInTheKafkaHeaders() throws Exception {
        UUID id;
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            id = outbox.add(aggregate, "A-1", "ThingHappened", "{}", debeziumSpanContext(TRACEPARENT, "congo=t61rcWkgMzE"));
            outbox.commit();
        }

        ConsumerRecord<String, String> record = published(aggregate + ".events", id.toString());
        String[] traceparent = header(record, "traceparent").split("-");
        assertThat(traceparent[1]).as("trace id").isEqualTo(TRACE_ID);
        assertThat(traceparent[2]).as("span id: the relay's producer span").isNotEqualTo(SPAN_ID).matches("[0-9a-f]{16}");
        assertThat(header(record, "tracestate")).isEqualTo("congo=t61rcWkgMzE");
        assertThat(header(record, "ce_traceparent")).as("where the event was created").isEqualTo(TRACEPARENT);

        SpanData span = exportedSpanOf(id.toString());
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.getName()).isEqualTo(aggregate + ".events publish");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getSpanId()).isEqualTo(traceparent[2]);
        assertThat(span.getParentSpanId()).isEqualTo(SPAN_ID);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(aggregate + ".events");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sluice.event.type"))).isEqualTo("ThingHappened");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sluice.aggregate.id"))).isEqualTo("A-1");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sluice.source.table"))).isEqualTo("sluice.outbox_event");
        assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isEqualTo(record.offset());
    }

    @Test
    void aLegacyChangeStartsANewTraceAtCapture() throws Exception {
        String key;
        try (LegacyOms oms = LegacyOmsSourceResource.connect()) {
            oms.registerCustomer("C000000177", "TRACE AG", "trace@example.com", "+49 30 7777777", LocalDate.of(2026, 11, 2));
            key = Integer
                    .toString(oms.placeOrder("C000000177", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("WIDGET-01", 1, 100))));
        }
        ConsumerRecord<String, String> record;
        try (RecordCollector orders = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events")) {
            record = await().atMost(PATIENCE).until(
                    () -> orders.poll().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null), r -> r != null);
        }
        String[] traceparent = header(record, "traceparent").split("-");
        assertThat(header(record, "ce_traceparent")).as("created at capture").isEqualTo(header(record, "traceparent"));

        SpanData span = exportedSpanOf(header(record, "ce_id"));
        assertThat(span.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(span.getTraceId()).isEqualTo(traceparent[1]);
        assertThat(span.getSpanId()).isEqualTo(traceparent[2]);
        assertThat(span.getName()).isEqualTo("orders.events publish");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sluice.source.table"))).isEqualTo("OMS.ORDHDR");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sluice.event.type"))).isEqualTo("OrderPlaced");
    }

    @Test
    void aMalformedSpanContextLosesNoEventAndIsReportedOnce() throws Exception {
        UUID notW3c;
        UUID zeroTrace;
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            notW3c = outbox.add(aggregate, "A-2", "ThingHappened", "{}", "uber-trace-id=abc:def:0:1");
            zeroTrace = outbox.add(aggregate, "A-3", "ThingHappened", "{}", "00-00000000000000000000000000000000-" + SPAN_ID + "-01");
            outbox.commit();
        }

        for (UUID id : List.of(notW3c, zeroTrace)) {
            ConsumerRecord<String, String> record = published(aggregate + ".events", id.toString());
            SpanData span = exportedSpanOf(id.toString());
            assertThat(span.getParentSpanContext().isValid()).as("published without a parent").isFalse();
            assertThat(header(record, "traceparent")).contains(span.getTraceId()).doesNotContain("00000000000000000000000000000000");
        }
        assertThat(warnings).as("one warning for both").hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("tracingspancontext");
    }

    private static String debeziumSpanContext(String traceparent, String tracestate) throws Exception {
        Properties properties = new Properties(); // as Debezium's outbox extension writes the column
        properties.setProperty("traceparent", traceparent);
        properties.setProperty("tracestate", tracestate);
        StringWriter text = new StringWriter();
        properties.store(text, "tracing");
        return text.toString();
    }

    private static ConsumerRecord<String, String> published(String topic, String eventId) {
        try (RecordCollector collector = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), topic)) {
            return await().atMost(PATIENCE).until(
                    () -> collector.poll().stream().filter(r -> eventId.equals(header(r, "ce_id"))).findFirst().orElse(null),
                    r -> r != null);
        }
    }

    private SpanData exportedSpanOf(String eventId) {
        return await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> eventId.equals(span.getAttributes().get(MESSAGE_ID))).findFirst().orElse(null), s -> s != null);
    }
}
