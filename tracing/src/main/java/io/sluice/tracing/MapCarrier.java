package io.sluice.tracing;

import java.util.Map;

import io.opentelemetry.context.propagation.TextMapGetter;

/** Reads W3C trace context fields ({@code traceparent}, {@code tracestate}) from a map of them. */
public final class MapCarrier {

    public static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private MapCarrier() {
    }
}
