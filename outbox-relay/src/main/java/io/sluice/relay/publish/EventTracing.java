package io.sluice.relay.publish;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.relay.tracing.SpanContextColumn;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Traces the publication of events. For each event a PRODUCER span {@code <topic> publish} runs from the
 * send until Kafka's acknowledgement, with OpenTelemetry's messaging attributes and Sluice's own. Its
 * parent is the trace context the application stored in the outbox row ({@code tracingspancontext}, see
 * {@link SpanContextColumn}); an event without one (a legacy table change) starts a new trace at capture.
 *
 * <p>The span's context goes into the record as W3C Trace Context headers, {@code traceparent} and
 * {@code tracestate}, which OpenTelemetry-instrumented consumers continue. The CloudEvents
 * distributed-tracing extension ({@code ce_traceparent}, {@code ce_tracestate}) carries where the event
 * was created: the outbox row's context, or the producer span for legacy changes.
 *
 * <p>With tracing off ({@link OpenTelemetry#noop()}) no span is made; an outbox row's context is still
 * passed on in those headers, so that the traces of the writing and the consuming service stay one.
 * A {@code tracingspancontext} that holds no valid W3C context never stops an event: it is published
 * without a parent, and the first such event is logged as a warning (later ones at DEBUG).
 */
@Singleton
public class EventTracing {

    /** W3C Trace Context header of the record: the producer span. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C Trace Context header of the record: vendor-specific trace state, when there is any. */
    public static final String TRACESTATE = "tracestate";
    /** CloudEvents distributed-tracing extension (Kafka binary mode): where the event was created. */
    public static final String CE_TRACEPARENT = "ce_traceparent";
    /** CloudEvents distributed-tracing extension: trace state of where the event was created. */
    public static final String CE_TRACESTATE = "ce_tracestate";
    /** The header into which the outbox routing copies the row's {@code tracingspancontext} column. */
    static final String SPAN_CONTEXT_COLUMN = OutboxRouter.TRACING_HEADER;

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("sluice.event.type");
    static final AttributeKey<Long> EVENT_VERSION = AttributeKey.longKey("sluice.event.version");
    static final AttributeKey<String> AGGREGATE_TYPE = AttributeKey.stringKey("sluice.aggregate.type");
    static final AttributeKey<String> AGGREGATE_ID = AttributeKey.stringKey("sluice.aggregate.id");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("sluice.source");
    static final AttributeKey<String> SOURCE_TABLE = AttributeKey.stringKey("sluice.source.table");
    static final AttributeKey<String> SOURCE_POSITION = AttributeKey.stringKey("sluice.source.position");
    static final AttributeKey<String> TRANSACTION_ID = AttributeKey.stringKey("sluice.source.transaction.id");

    private static final Logger LOG = Logger.getLogger(EventTracing.class);
    private static final int MAX_LOGGED_CHARS = 300;

    /** The span of one event's publication; ended by {@link #sent}. */
    @FunctionalInterface
    public interface Publication {
        /** Kafka acknowledged the record ({@code error} null) or gave up on it. */
        void sent(RecordMetadata metadata, Exception error);
    }

    private static final Publication UNTRACED = (metadata, error) -> {
    };

    private final Tracer tracer; // null when tracing is off
    private final AtomicLong malformed = new AtomicLong();

    @Inject
    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracerProvider() == TracerProvider.noop()
                ? null
                : openTelemetry.getTracer("io.sluice.relay");
    }

    /**
     * Starts the producer span of {@code event} and writes the trace headers into {@code headers}.
     *
     * @return what to tell when Kafka has answered
     */
    public Publication publishing(DomainEvent event, String topic, Headers headers) {
        String column = event.headers().get(SPAN_CONTEXT_COLUMN);
        Context created = column == null ? null : parent(event, column);
        if (tracer == null) {
            if (created != null) { // pass the application's context on, without a span of the relay's own
                inject(created, headers, "");
                inject(created, headers, "ce_");
            }
            return UNTRACED;
        }
        Context parent = created != null ? created : Context.root();
        var span = tracer.spanBuilder(topic + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "publish")
                .setAttribute(MESSAGE_ID, event.id())
                .setAttribute(MESSAGE_KEY, event.aggregateId())
                .setAttribute(EVENT_TYPE, event.type())
                .setAttribute(EVENT_VERSION, (long) event.version())
                .setAttribute(AGGREGATE_TYPE, event.aggregateType())
                .setAttribute(AGGREGATE_ID, event.aggregateId())
                .setAttribute(SOURCE, event.source());
        sourceTable(event.source()).ifPresent(table -> span.setAttribute(SOURCE_TABLE, table));
        if (event.position() != null) {
            span.setAttribute(SOURCE_POSITION, event.position().lsn());
            if (event.position().transactionId() != null) {
                span.setAttribute(TRANSACTION_ID, event.position().transactionId());
            }
        }
        Span started = span.startSpan();
        Context publishing = parent.with(started);
        inject(publishing, headers, "");
        inject(created != null ? created : publishing, headers, "ce_");
        return (metadata, error) -> {
            if (error != null) {
                started.recordException(error);
                started.setStatus(StatusCode.ERROR, "Kafka did not acknowledge the event: " + error.getMessage());
            } else if (metadata != null) {
                started.setAttribute(PARTITION, Integer.toString(metadata.partition()));
                if (metadata.hasOffset()) {
                    started.setAttribute(OFFSET, metadata.offset());
                }
            }
            started.end();
        };
    }

    /** How many events had a {@code tracingspancontext} that held no valid W3C trace context. */
    public long malformedSpanContexts() {
        return malformed.get();
    }

    private Context parent(DomainEvent event, String column) {
        Optional<Context> parent = SpanContextColumn.parent(column);
        if (parent.isEmpty()) {
            String value = column.length() > MAX_LOGGED_CHARS ? column.substring(0, MAX_LOGGED_CHARS) + "..." : column;
            if (malformed.incrementAndGet() == 1) {
                LOG.warnf("Event %s (%s of %s %s) has a tracingspancontext without a valid W3C traceparent: '%s'. It is published"
                        + " without a parent span; further such events are logged at DEBUG only", event.id(), event.type(),
                        event.aggregateType(), event.aggregateId(), value);
            } else {
                LOG.debugf("Event %s has a tracingspancontext without a valid W3C traceparent: '%s'", event.id(), value);
            }
        }
        return parent.orElse(null);
    }

    private static void inject(Context context, Headers headers, String prefix) {
        TextMapSetter<Headers> setter = (carrier, name, value) -> {
            carrier.remove(prefix + name);
            carrier.add(prefix + name, value.getBytes(UTF_8));
        };
        W3CTraceContextPropagator.getInstance().inject(context, headers, setter);
    }

    /** {@code sluice/<source>/<schema.table>} → {@code schema.table}. */
    private static Optional<String> sourceTable(String source) {
        if (source == null || !source.startsWith("sluice/")) {
            return Optional.empty();
        }
        int slash = source.indexOf('/', "sluice/".length());
        return slash < 0 ? Optional.empty() : Optional.of(source.substring(slash + 1));
    }
}
