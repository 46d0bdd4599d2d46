package io.sluice.consumer;

import java.util.function.BiConsumer;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The failure strategy of a channel that applies events through {@link InboxProcessor}:
 * {@code mp.messaging.incoming.<channel>.failure-strategy=sluice-dead-letter-queue}, with the usual
 * {@code dead-letter-queue.*} attributes. It is SmallRye's {@code dead-letter-queue}, except for an event left
 * unapplied because the service is stopping ({@link NotAppliedWhileStopping}): that one is neither dead-lettered
 * nor acknowledged, so its offset stays uncommitted and the next start (of this instance or of the one that takes
 * its partitions) applies it.
 */
@ApplicationScoped
@Identifier(StoppingAwareDeadLetterQueue.NAME)
public class StoppingAwareDeadLetterQueue implements KafkaFailureHandler.Factory {

    public static final String NAME = "sluice-dead-letter-queue";
    private static final Logger LOG = Logger.getLogger(StoppingAwareDeadLetterQueue.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler delegate = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (stoppedBeforeApplying(reason)) {
                    LOG.debugf("Left uncommitted, the service is stopping: %s-%d@%d", record.getTopic(), record.getPartition(),
                            record.getOffset());
                    return Uni.createFrom().voidItem();
                }
                return delegate.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                delegate.terminate();
            }
        };
    }

    static boolean stoppedBeforeApplying(Throwable reason) {
        for (Throwable cause = reason; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NotAppliedWhileStopping) {
                return true;
            }
        }
        return false;
    }
}
