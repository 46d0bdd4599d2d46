package io.sluice.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class IncomingEventTest {

    @Test
    void readsTheCloudEventsHeadersKeyAndData() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_id", "e-1".getBytes(UTF_8)).add("ce_type", "OrderPlaced".getBytes(UTF_8))
                .add("ce_eventversion", "2".getBytes(UTF_8));

        IncomingEvent event = IncomingEvent.from(record);

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("OrderPlaced");
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.key()).isEqualTo("100001");
        assertThat(event.location()).isEqualTo("orders.events-3@42");
        assertThat(new String(event.data(), UTF_8)).isEqualTo("{}");
    }

    @Test
    void versionDefaultsToOne() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_id", "e-1".getBytes(UTF_8)).add("ce_type", "OrderPlaced".getBytes(UTF_8));
        assertThat(IncomingEvent.from(record).version()).isEqualTo(1);
    }

    @Test
    void aRecordWithoutIdOrTypeIsPoisonNamingItsPlace() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_type", "OrderPlaced".getBytes(UTF_8));
        assertThatThrownBy(() -> IncomingEvent.from(record)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("orders.events-3@42").hasMessageContaining("ce_id");
    }

    @Test
    void aVersionThatIsNotANumberIsPoison() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_id", "e-1".getBytes(UTF_8)).add("ce_type", "OrderPlaced".getBytes(UTF_8))
                .add("ce_eventversion", "v2".getBytes(UTF_8));
        assertThatThrownBy(() -> IncomingEvent.from(record)).isInstanceOf(PoisonEventException.class).hasMessageContaining("v2");
    }

    @Test
    void readsTheW3cTraceContextOfTheProducer() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_id", "e-1".getBytes(UTF_8)).add("ce_type", "OrderPlaced".getBytes(UTF_8))
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(UTF_8))
                .add("tracestate", "congo=t61rcWkgMzE".getBytes(UTF_8))
                .add("ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01".getBytes(UTF_8));

        IncomingEvent event = IncomingEvent.from(record);

        assertThat(event.topic()).isEqualTo("orders.events");
        assertThat(event.traceparent()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(event.tracestate()).isEqualTo("congo=t61rcWkgMzE");
    }

    @Test
    void withoutTraceparentTheCloudEventsTracingExtensionIsRead() {
        ConsumerRecord<String, byte[]> record = record("{}");
        record.headers().add("ce_id", "e-1".getBytes(UTF_8)).add("ce_type", "OrderPlaced".getBytes(UTF_8))
                .add("ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01".getBytes(UTF_8));

        assertThat(IncomingEvent.from(record).traceparent()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");
    }

    @Test
    void onlyPoisonIsNotRetried() {
        assertThat(InboxProcessor.isTransient(new PoisonEventException("bad"))).isFalse();
        assertThat(InboxProcessor.isTransient(new IllegalStateException("connection refused"))).isTrue();
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("orders.events", 3, 42, "100001", value.getBytes(UTF_8));
    }
}
