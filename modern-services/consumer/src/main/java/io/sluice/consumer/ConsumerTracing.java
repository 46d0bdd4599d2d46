package io.sluice.consumer;

import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.sluice.tracing.MapCarrier;
import io.sluice.tracing.TracingSdk;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Traces the processing of incoming events: {@link InboxProcessor} runs the inbox claim and the effect of
 * each event inside a CONSUMER span {@code <topic> process} whose parent is the producer's span, read from
 * the record's W3C {@code traceparent} (see {@link IncomingEvent#traceparent()}). The span's context is
 * current while the effect runs, so what the effect does under it — an outbox row written through
 * Sluice's outbox writer, an instrumented HTTP call — continues the same trace.
 *
 * <p>The application's own {@link OpenTelemetry} bean is used when there is one (e.g. Quarkus's
 * {@code quarkus-opentelemetry}); otherwise this library configures the SDK from the standard
 * {@code otel.*} settings ({@link TracingSdk}), closed when the application stops. Tracing off, no span is
 * made, but the producer's context is still current during the effect, so it is passed on.
 */
@Singleton
public class ConsumerTracing {

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("sluice.event.type");
    static final AttributeKey<Long> EVENT_VERSION = AttributeKey.longKey("sluice.event.version");
    static final AttributeKey<String> LOCATION = AttributeKey.stringKey("sluice.event.location");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("sluice.inbox.outcome");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("sluice.inbox.retries");

    private final OpenTelemetrySdk owned;
    private final Tracer tracer; // null when tracing is off

    @Inject
    public ConsumerTracing(Instance<OpenTelemetry> application, @Any Instance<SpanProcessor> processors) {
        this(application.isResolvable()
                ? application.get()
                : TracingSdk.create(ConfigProvider.getConfig(), processors.stream().toList(), "sluice-consumer"),
                !application.isResolvable());
    }

    /** Tracing with {@code openTelemetry}; {@code own}: close it when this closes. */
    ConsumerTracing(OpenTelemetry openTelemetry, boolean own) {
        this.owned = own && openTelemetry instanceof OpenTelemetrySdk sdk ? sdk : null;
        this.tracer = openTelemetry.getTracerProvider() == TracerProvider.noop()
                ? null
                : openTelemetry.getTracer("io.sluice.consumer");
    }

    @PreDestroy
    void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** Starts the processing of {@code event}: end it with {@link Processing#end}. */
    Processing processing(IncomingEvent event) {
        Context parent = Context.root();
        if (event.traceparent() != null) {
            Map<String, String> carrier = event.tracestate() == null
                    ? Map.of("traceparent", event.traceparent())
                    : Map.of("traceparent", event.traceparent(), "tracestate", event.tracestate());
            parent = W3CTraceContextPropagator.getInstance().extract(parent, carrier, MapCarrier.GETTER);
        }
        if (tracer == null) {
            return new Processing(parent, Span.getInvalid());
        }
        Span span = tracer.spanBuilder((event.topic() != null ? event.topic() : event.type()) + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(MESSAGE_ID, event.id())
                .setAttribute(EVENT_TYPE, event.type())
                .setAttribute(EVENT_VERSION, (long) event.version())
                .setAttribute(LOCATION, event.location())
                .startSpan();
        if (event.topic() != null) {
            span.setAttribute(DESTINATION, event.topic());
        }
        if (event.key() != null) {
            span.setAttribute(MESSAGE_KEY, event.key());
        }
        return new Processing(parent.with(span), span);
    }

    /** The processing of one event: its span, and the context to run its attempts in. */
    static final class Processing {
        private final Context context;
        private final Span span;
        private long retries;

        private Processing(Context context, Span span) {
            this.context = context;
            this.span = span;
        }

        /** Runs one attempt with the processing's context current (on whatever thread it runs). */
        <T> T within(Supplier<T> attempt) {
            try (Scope scope = context.makeCurrent()) {
                return attempt.get();
            }
        }

        /** An attempt failed and will be retried. */
        void retrying(Throwable failure) {
            retries++;
            span.recordException(failure);
        }

        /** Done: applied now, already applied before, or failed (poison). */
        void end(boolean applied, Throwable failure) {
            if (failure != null) {
                span.setAttribute(OUTCOME, failure instanceof PoisonEventException ? "poison" : "failed");
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.getMessage());
            } else {
                span.setAttribute(OUTCOME, applied ? "applied" : "duplicate");
            }
            if (retries > 0) {
                span.setAttribute(RETRIES, retries);
            }
            span.end();
        }
    }
}
