package io.sluice.relay.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The relay's {@link OpenTelemetry}: the OpenTelemetry SDK configured by the standard {@code otel.*}
 * settings — from {@code application.properties}, {@code OTEL_*} environment variables or {@code -Dotel.*}
 * system properties (the SDK's autoconfiguration reads the latter two itself, and they win) — or the
 * no-op implementation, which costs nothing.
 *
 * <p>Tracing is on when {@code otel.sdk.disabled} is not {@code true} and there is somewhere to send spans
 * to: an exporter named by {@code otel.traces.exporter} (other than {@code none}), an OTLP endpoint
 * ({@code otel.exporter.otlp.endpoint} or {@code otel.exporter.otlp.traces.endpoint}), or a
 * {@link SpanProcessor} bean (tests register an in-memory one). Without any of these, no OTLP exporter
 * keeps trying to reach a collector that is not there. Only traces are exported; the relay's metrics stay
 * on {@code /q/metrics}.
 *
 * <p>The SDK is flushed and closed when the application stops. It is not registered as
 * {@code GlobalOpenTelemetry}.
 */
@Singleton
public class OpenTelemetryProducer {

    private static final Logger LOG = Logger.getLogger(OpenTelemetryProducer.class);

    @Produces
    @Singleton
    OpenTelemetry openTelemetry(@Any Instance<SpanProcessor> processors) {
        return create(ConfigProvider.getConfig(), processors.stream().toList());
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            sdk.close(); // flushes what is still buffered, then shuts the exporters down
        }
    }

    /** The SDK for this configuration, or {@link OpenTelemetry#noop()} when tracing is off. */
    static OpenTelemetry create(Config config, List<SpanProcessor> processors) {
        if (config.getOptionalValue("otel.sdk.disabled", Boolean.class).orElse(false)) {
            LOG.debug("Tracing is off: otel.sdk.disabled=true");
            return OpenTelemetry.noop();
        }
        Optional<String> exporter = config.getOptionalValue("otel.traces.exporter", String.class);
        Optional<String> endpoint = config.getOptionalValue("otel.exporter.otlp.traces.endpoint", String.class)
                .or(() -> config.getOptionalValue("otel.exporter.otlp.endpoint", String.class));
        boolean exporting = exporter.map(name -> !name.isBlank() && !name.strip().equals("none")).orElse(endpoint.isPresent());
        if (!exporting && processors.isEmpty()) {
            LOG.debug("Tracing is off: no otel.traces.exporter, no otel.exporter.otlp.endpoint");
            return OpenTelemetry.noop();
        }

        Map<String, String> settings = new HashMap<>();
        settings.put("otel.service.name", config.getOptionalValue("quarkus.application.name", String.class).orElse("sluice-outbox-relay"));
        settings.put("otel.metrics.exporter", "none");
        settings.put("otel.logs.exporter", "none");
        if (!exporting) {
            settings.put("otel.traces.exporter", "none");
        }
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("otel.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
            }
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> settings)
                .addTracerProviderCustomizer((tracerProvider, properties) -> {
                    processors.forEach(tracerProvider::addSpanProcessor);
                    return tracerProvider;
                })
                .setServiceClassLoader(OpenTelemetryProducer.class.getClassLoader())
                .disableShutdownHook() // closed with the application (see close)
                .build()
                .getOpenTelemetrySdk();
        LOG.infof("Tracing on: spans to %s; W3C trace context in the Kafka headers of every event", exporting
                ? "exporter " + exporter.orElse("otlp") + endpoint.map(url -> " at " + url).orElse("")
                : processors.size() + " span processor bean(s)");
        return sdk;
    }
}
