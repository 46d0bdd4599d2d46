package io.sluice.fulfillment;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's spans in {@code @QuarkusTest}s, kept in memory: a {@link SpanProcessor} bean turns the
 * consumer library's tracing on without a collector. Tests inject the exporter.
 */
@Singleton
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    @Produces
    @Singleton
    SpanProcessor processor(InMemorySpanExporter exporter) {
        return SimpleSpanProcessor.create(exporter);
    }
}
