package io.sluice.relay.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** When the relay traces, and with what: the standard otel.* settings decide. */
class OpenTelemetryProducerTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @Test
    void offWhenNoExporterIsConfigured() {
        assertThat(OpenTelemetryProducer.create(config(Map.of()), List.of()).getTracerProvider()).isSameAs(TracerProvider.noop());
    }

    @Test
    void onWithAnOtlpEndpoint() {
        OpenTelemetry tracing = OpenTelemetryProducer.create(config(Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318")),
                List.of());
        assertThat(tracing).isInstanceOf(OpenTelemetrySdk.class);
        ((OpenTelemetrySdk) tracing).close();
    }

    @Test
    void offWhenTheSdkIsDisabledWhateverElseIsConfigured() {
        Config config = config(Map.of("otel.sdk.disabled", "true", "otel.exporter.otlp.endpoint", "http://127.0.0.1:4318"));
        assertThat(OpenTelemetryProducer.create(config, List.of(SimpleSpanProcessor.create(spans))).getTracerProvider())
                .isSameAs(TracerProvider.noop());
    }

    @Test
    void offWithTracesExporterNone() {
        Config config = config(Map.of("otel.traces.exporter", "none", "otel.exporter.otlp.endpoint", "http://127.0.0.1:4318"));
        assertThat(OpenTelemetryProducer.create(config, List.of()).getTracerProvider()).isSameAs(TracerProvider.noop());
    }

    @Test
    void aSpanProcessorBeanGetsTheSpansNamedAfterTheApplicationAndOtelSettingsApply() {
        Config config = config(
                Map.of("quarkus.application.name", "relay-under-test", "otel.resource.attributes", "deployment.environment.name=test"));
        OpenTelemetry tracing = OpenTelemetryProducer.create(config, List.of(SimpleSpanProcessor.create(spans)));
        try {
            tracing.getTracer("test").spanBuilder("probe").startSpan().end();

            assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(span -> {
                assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("relay-under-test");
                assertThat(span.getResource().getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isEqualTo("test");
            });
        } finally {
            ((OpenTelemetrySdk) tracing).close();
        }
    }

    @Test
    void theSamplerIsConfigurable() {
        OpenTelemetry tracing = OpenTelemetryProducer.create(config(Map.of("otel.traces.sampler", "always_off")),
                List.of(SimpleSpanProcessor.create(spans)));
        try {
            tracing.getTracer("test").spanBuilder("probe").startSpan().end();
            assertThat(spans.getFinishedSpanItems()).isEmpty();
        } finally {
            ((OpenTelemetrySdk) tracing).close();
        }
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }
}
