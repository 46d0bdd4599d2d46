package io.sluice.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

class ConsumerTracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PRODUCER_SPAN = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final ConsumerTracing tracing = new ConsumerTracing(sdk, true);

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void theProcessingSpanIsAChildOfTheProducerSpanAndCurrentDuringTheEffect() {
        ConsumerTracing.Processing processing = tracing.processing(event(TRACEPARENT));
        SpanContext current = processing.within(() -> Span.current().getSpanContext());
        processing.end(true, null);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("orders.events process");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(current.getSpanId()).isEqualTo(span.getSpanId());
        assertThat(span.getAttributes().get(ConsumerTracing.MESSAGE_ID)).isEqualTo("e-1");
        assertThat(span.getAttributes().get(ConsumerTracing.OUTCOME)).isEqualTo("applied");
    }

    @Test
    void anEventWithoutTraceContextStartsATrace() {
        ConsumerTracing.Processing processing = tracing.processing(event(null));
        processing.end(false, null);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getAttributes().get(ConsumerTracing.OUTCOME)).isEqualTo("duplicate");
    }

    @Test
    void retriesAndPoisonAreOnTheSpan() {
        ConsumerTracing.Processing processing = tracing.processing(event(TRACEPARENT));
        processing.retrying(new IllegalStateException("database down"));
        processing.end(false, new PoisonEventException("not an OrderPlaced"));

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(ConsumerTracing.OUTCOME)).isEqualTo("poison");
        assertThat(span.getAttributes().get(ConsumerTracing.RETRIES)).isEqualTo(1L);
        assertThat(span.getEvents()).hasSize(2);
    }

    @Test
    void withTracingOffTheProducersContextIsStillCurrentDuringTheEffect() {
        ConsumerTracing off = new ConsumerTracing(OpenTelemetry.noop(), false);

        ConsumerTracing.Processing processing = off.processing(event(TRACEPARENT));
        SpanContext current = processing.within(() -> Span.current().getSpanContext());
        processing.end(true, null);

        assertThat(current.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(current.getSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(Span.current().getSpanContext().isValid()).as("not current afterwards").isFalse();
    }

    private static IncomingEvent event(String traceparent) {
        return new IncomingEvent("e-1", "OrderPlaced", 1, "100001", "{}".getBytes(), "orders.events-3@42", "orders.events", traceparent,
                null);
    }
}
