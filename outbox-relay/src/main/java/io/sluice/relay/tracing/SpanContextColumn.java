package io.sluice.relay.tracing;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.sluice.tracing.MapCarrier;

/**
 * Reads the trace context an application stored in its outbox row's {@code tracingspancontext} column.
 * Debezium's convention is the text of a {@link java.util.Properties} holding the W3C
 * {@code traceparent} and, optionally, {@code tracestate}:
 *
 * <pre>
 * #tracing
 * traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01
 * tracestate=congo=t61rcWkgMzE
 * </pre>
 *
 * A bare W3C {@code traceparent} string is accepted too.
 */
public final class SpanContextColumn {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    private SpanContextColumn() {
    }

    /**
     * @return a context holding the remote parent span, or empty when the text holds no valid W3C trace
     *         context (a blank value is no context either)
     */
    public static Optional<Context> parent(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier(text), MapCarrier.GETTER);
        SpanContext parent = Span.fromContext(context).getSpanContext();
        return parent.isValid() && parent.isRemote() ? Optional.of(context) : Optional.empty();
    }

    /** The W3C fields of the column's text: from Properties text, or a bare {@code traceparent}. */
    static Map<String, String> carrier(String text) {
        Map<String, String> carrier = new HashMap<>();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            properties.clear(); // e.g. a malformed \\u escape: try the text as a bare traceparent
        }
        String traceparent = properties.getProperty(TRACEPARENT);
        if (traceparent == null) {
            carrier.put(TRACEPARENT, text.strip());
            return carrier;
        }
        carrier.put(TRACEPARENT, traceparent.strip());
        String tracestate = properties.getProperty(TRACESTATE);
        if (tracestate != null && !tracestate.isBlank()) {
            carrier.put(TRACESTATE, tracestate.strip());
        }
        return carrier;
    }
}
