package io.sluice.relay.tracing;

import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.sluice.tracing.TracingSdk;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The relay's {@link OpenTelemetry}: the OpenTelemetry SDK configured by the standard {@code otel.*} settings, or
 * the no-op implementation, which costs nothing, when there is nowhere to send spans to ({@link TracingSdk} has the
 * rules, shared with the consumer library). Only traces are exported; the relay's metrics stay on {@code /q/metrics}.
 *
 * <p>The SDK is flushed and closed when the application stops. It is not registered as
 * {@code GlobalOpenTelemetry}.
 */
@Singleton
public class OpenTelemetryProducer {

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

    /** The SDK for this configuration ({@link TracingSdk}), or {@link OpenTelemetry#noop()} when tracing is off. */
    static OpenTelemetry create(Config config, List<SpanProcessor> processors) {
        return TracingSdk.create(config, processors, "sluice-outbox-relay");
    }
}
