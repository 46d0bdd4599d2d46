package io.sluice.relay.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GtidPositionsTest {

    @Test
    void theHighestSequenceOfEachDomain() {
        assertThat(GtidPositions.parse("0-7-46,1-7-3, 0-8-40")).isEqualTo(Map.of(0L, 46L, 1L, 3L));
    }

    @Test
    void noneFromBlankOrMalformedText() {
        assertThat(GtidPositions.parse("")).isEmpty();
        assertThat(GtidPositions.parse("0-7")).isEmpty();
        assertThat(GtidPositions.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")).isEmpty();
    }
}
