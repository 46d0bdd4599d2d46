package io.sluice.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * The OpenTelemetry SDK of a service that has none of its own, configured by the standard {@code otel.*}
 * settings ({@code application.properties}; {@code OTEL_*} environment variables and {@code -Dotel.*}
 * system properties win), or the no-op implementation. It is on when {@code otel.sdk.disabled} is not
 * {@code true} and spans have somewhere to go: {@code otel.traces.exporter} (other than {@code none}),
 * {@code otel.exporter.otlp.endpoint} / {@code otel.exporter.otlp.traces.endpoint}, or a
 * {@link SpanProcessor} bean. Only traces are exported. The same rules as the relay's.
 */
final class TracingSdk {

    private static final Logger LOG = Logger.getLogger(TracingSdk.class);

    private TracingSdk() {
    }

    static OpenTelemetry create(Config config, List<SpanProcessor> processors) {
        if (config.getOptionalValue("otel.sdk.disabled", Boolean.class).orElse(false)) {
            return OpenTelemetry.noop();
        }
        Optional<String> exporter = config.getOptionalValue("otel.traces.exporter", String.class);
        Optional<String> endpoint = config.getOptionalValue("otel.exporter.otlp.traces.endpoint", String.class)
                .or(() -> config.getOptionalValue("otel.exporter.otlp.endpoint", String.class));
        boolean exporting = exporter.map(name -> !name.isBlank() && !name.strip().equals("none")).orElse(endpoint.isPresent());
        if (!exporting && processors.isEmpty()) {
            return OpenTelemetry.noop();
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("otel.service.name", config.getOptionalValue("quarkus.application.name", String.class).orElse("sluice-consumer"));
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
                .setServiceClassLoader(TracingSdk.class.getClassLoader())
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        LOG.infof("Tracing on: spans to %s", exporting
                ? "exporter " + exporter.orElse("otlp") + endpoint.map(url -> " at " + url).orElse("")
                : processors.size() + " span processor bean(s)");
        return sdk;
    }
}
