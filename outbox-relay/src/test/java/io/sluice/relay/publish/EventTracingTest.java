package io.sluice.relay.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.event.DomainEvent;

class EventTracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN_ID = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final EventTracing tracing = new EventTracing(sdk);

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    @Test
    void theOutboxRowsContextIsTheParentAndTheProducerSpanGoesIntoTheHeaders() throws Exception {
        Headers headers = new RecordHeaders();
        tracing.publishing(event(Map.of("tracingspancontext", debezium(TRACEPARENT, "congo=t61rcWkgMzE"))), "orders.events", headers)
                .sent(new RecordMetadata(new TopicPartition("orders.events", 2), 41, 0, 0, 0, 0), null);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("orders.events publish");
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(SPAN_ID);
        assertThat(header(headers, "traceparent")).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01"); // sampled, as its parent
        assertThat(header(headers, "tracestate")).isEqualTo("congo=t61rcWkgMzE");
        assertThat(header(headers, "ce_traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(headers, "ce_tracestate")).isEqualTo("congo=t61rcWkgMzE");
        assertThat(span.getAttributes().get(EventTracing.MESSAGE_ID)).isEqualTo("e-1");
        assertThat(span.getAttributes().get(EventTracing.PARTITION)).isEqualTo("2");
        assertThat(span.getAttributes().get(EventTracing.OFFSET)).isEqualTo(41L);
        assertThat(span.getAttributes().get(EventTracing.SOURCE_TABLE)).isEqualTo("sluice.outbox_event");
        assertThat(span.getAttributes().get(EventTracing.SOURCE_POSITION)).isEqualTo("0/16B3748");
        assertThat(span.getAttributes().get(EventTracing.TRANSACTION_ID)).isEqualTo("771");
    }

    @Test
    void aBareTraceparentIsAcceptedToo() {
        Headers headers = new RecordHeaders();
        tracing.publishing(event(Map.of("tracingspancontext", " " + TRACEPARENT + "\n")), "orders.events", headers).sent(null, null);

        assertThat(onlySpan().getParentSpanId()).isEqualTo(SPAN_ID);
        assertThat(header(headers, "tracestate")).isNull();
    }

    @Test
    void anEventWithoutContextStartsANewTrace() {
        Headers headers = new RecordHeaders();
        tracing.publishing(event(Map.of()), "orders.events", headers).sent(null, null);

        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(header(headers, "traceparent")).startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
        assertThat(header(headers, "ce_traceparent")).isEqualTo(header(headers, "traceparent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "traceparent=00-zz-yy-01", "uber-trace-id=abc:def:0:1",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "traceparent=00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
            "traceparent=\\uZZZZ"})
    void aMalformedContextIsCountedAndTheEventGetsANewTrace(String column) {
        Headers headers = new RecordHeaders();
        tracing.publishing(event(Map.of("tracingspancontext", column)), "orders.events", headers).sent(null, null);

        assertThat(onlySpan().getParentSpanContext().isValid()).isFalse();
        assertThat(header(headers, "traceparent")).contains(onlySpan().getTraceId());
        assertThat(tracing.malformedSpanContexts()).isOne();
    }

    @Test
    void aFailedSendEndsTheSpanWithAnError() {
        tracing.publishing(event(Map.of()), "orders.events", new RecordHeaders()).sent(null, new IllegalStateException("broker gone"));

        assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(onlySpan().getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    }

    @Test
    void withTracingOffTheRowsContextIsPassedOnWithoutASpan() throws Exception {
        EventTracing off = new EventTracing(OpenTelemetry.noop());
        Headers traced = new RecordHeaders();
        Headers legacy = new RecordHeaders();

        off.publishing(event(Map.of("tracingspancontext", debezium(TRACEPARENT, "congo=t61rcWkgMzE"))), "orders.events", traced).sent(null,
                null);
        off.publishing(event(Map.of()), "orders.events", legacy).sent(null, null);

        assertThat(header(traced, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(traced, "tracestate")).isEqualTo("congo=t61rcWkgMzE");
        assertThat(header(traced, "ce_traceparent")).isEqualTo(TRACEPARENT);
        assertThat(legacy.toArray()).isEmpty();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aTraceHeaderAlreadyThereIsReplacedNotDuplicated() {
        Headers headers = new RecordHeaders().add("traceparent", "stale".getBytes(UTF_8));
        tracing.publishing(event(Map.of()), "orders.events", headers).sent(null, null);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(header(headers, "traceparent")).contains(onlySpan().getSpanId());
    }

    private SpanData onlySpan() {
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        return spans.getFinishedSpanItems().get(0);
    }

    private static DomainEvent event(Map<String, String> headers) {
        return new DomainEvent("e-1", "OrderPaid", 1, "orders", "O-1", "sluice/oms/sluice.outbox_event", Instant.now(),
                JsonNodeFactory.instance.objectNode(), new SourcePosition("0/16B3748", "771"), headers);
    }

    /** The column as Debezium's outbox extension writes it: {@link Properties#store} text. */
    static String debezium(String traceparent, String tracestate) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("traceparent", traceparent);
        properties.setProperty("tracestate", tracestate);
        StringWriter text = new StringWriter();
        properties.store(text, "tracing");
        return text.toString();
    }

    private static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
