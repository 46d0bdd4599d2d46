package io.sluice.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sluice.adapter.event.DomainEvent;

class LiveTailTest {

    private static DomainEvent event(int n) {
        return new DomainEvent("id-" + n, "OrderPlaced", 1, "orders", "K" + n, "sluice/oms/OMS.ORDHDR", Instant.EPOCH,
                JsonNodeFactory.instance.objectNode().put("n", n), null, null);
    }

    @Test
    void theNewestEventComesFirstWithItsTopic() {
        LiveTail tail = new LiveTail("{aggregate}.events");
        tail.published(event(1), 1000);
        tail.published(event(2), 2000);
        assertThat(tail.last(10)).extracting(e -> e.event().id()).containsExactly("id-2", "id-1");
        assertThat(tail.last(10).get(0).topic()).isEqualTo("orders.events");
        assertThat(tail.last(10).get(0).acknowledgedAt()).isEqualTo(Instant.ofEpochMilli(2000));
    }

    @Test
    void itKeepsTheLastFiveHundredOnly() {
        LiveTail tail = new LiveTail("{aggregate}.events");
        IntStream.rangeClosed(1, 1234).forEach(n -> tail.published(event(n), n));
        assertThat(tail.count()).isEqualTo(1234);
        assertThat(tail.last(10_000)).hasSize(LiveTail.CAPACITY);
        assertThat(tail.last(10_000).get(0).event().id()).isEqualTo("id-1234");
        assertThat(tail.last(10_000).get(LiveTail.CAPACITY - 1).event().id()).isEqualTo("id-735");
        assertThat(tail.last(3)).extracting(e -> e.event().id()).containsExactly("id-1234", "id-1233", "id-1232");
    }

    @Test
    void anEmptyTailShowsNothing() {
        assertThat(new LiveTail("{aggregate}.events").last(50)).isEmpty();
    }
}
