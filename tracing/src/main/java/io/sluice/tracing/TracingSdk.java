package io.sluice.tracing;

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
 * The OpenTelemetry SDK of an application that has none of its own, configured by the standard {@code otel.*}
 * settings ({@code application.properties}; {@code OTEL_*} environment variables and {@code -Dotel.*} system
 * properties win), or the no-op implementation. It is on when {@code otel.sdk.disabled} is not {@code true} and
 * spans have somewhere to go: {@code otel.traces.exporter} (other than {@code none}),
 * {@code otel.exporter.otlp.endpoint} / {@code otel.exporter.otlp.traces.endpoint}, or a {@link SpanProcessor}
 * (tests register an in-memory one). Without any of these, no OTLP exporter keeps trying to reach a collector that
 * is not there. Only traces are exported. The relay and the consumer library both use it, so the rules are the same.
 *
 * <p>The caller closes the SDK when the application stops; it is not registered as {@code GlobalOpenTelemetry}.
 */
public final class TracingSdk {

    private static final Logger LOG = Logger.getLogger(TracingSdk.class);

    private TracingSdk() {
    }

    /**
     * @param serviceName {@code otel.service.name} when neither it nor {@code quarkus.application.name} is set
     * @return the SDK for this configuration, or {@link OpenTelemetry#noop()} when tracing is off
     */
    public static OpenTelemetry create(Config config, List<SpanProcessor> processors, String serviceName) {
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
        settings.put("otel.service.name", config.getOptionalValue("quarkus.application.name", String.class).orElse(serviceName));
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
                .disableShutdownHook() // closed with the application, by the caller
                .build()
                .getOpenTelemetrySdk();
        LOG.infof("Tracing on: spans to %s", exporting
                ? "exporter " + exporter.orElse("otlp") + endpoint.map(url -> " at " + url).orElse("")
                : processors.size() + " span processor bean(s)");
        return sdk;
    }
}
