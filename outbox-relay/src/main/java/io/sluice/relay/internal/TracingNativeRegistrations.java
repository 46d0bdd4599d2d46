package io.sluice.relay.internal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The OpenTelemetry SDK's autoconfiguration finds its exporters, HTTP senders and resource providers
 * through {@link java.util.ServiceLoader}. Quarkus does not register service providers of plain libraries
 * for a native image, so the providers are listed here (instantiated reflectively) and their
 * {@code META-INF/services/io.opentelemetry.*} files are included as resources
 * ({@code quarkus.native.resources.includes} in {@code application.properties}).
 */
@RegisterForReflection(classNames = {
        "io.opentelemetry.exporter.otlp.internal.OtlpSpanExporterProvider",
        "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider",
        "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider",
        "io.opentelemetry.exporter.logging.internal.LoggingSpanExporterProvider",
        "io.opentelemetry.exporter.logging.internal.ConsoleSpanExporterProvider",
        "io.opentelemetry.sdk.autoconfigure.EnvironmentResourceProvider",
})
public final class TracingNativeRegistrations {
    private TracingNativeRegistrations() {
    }
}
