package io.sluice.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;

/** Event ids are name-based UUIDs of source, lsn, table, key and event type: replays repeat them, anything else changes them. */
class EventIdTest {

    private static final LegacyAdapter ADAPTER = Rows.adapter("""
            mappings:
              - table: OMS.ORDHDR
                aggregate: orders
                key: [ORD_NO]
                fields: { orderId: { column: ORD_NO, convert: string } }
                events:
                  - { type: OrderPlaced, on: insert }
                  - { type: OrderImported, on: insert }
              - table: ARCHIVE.ORDHDR
                aggregate: orders
                key: [ORD_NO]
                fields: { orderId: { column: ORD_NO, convert: string } }
                events:
                  - { type: ArchivedOrderPlaced, on: insert }
            """);

    private static final RowChange ORIGINAL = insert("oms", "OMS.ORDHDR", 100001, "9001", "777", Instant.parse("2026-11-24T10:00:00Z"));

    private static RowChange insert(String source, String table, int orderNo, String lsn, String tx, Instant commit) {
        return new RowChange(source, TableId.parse(table), Operation.INSERT, null, Map.of("ORD_NO", orderNo),
                new SourcePosition(lsn, tx), commit);
    }

    private static String placedId(RowChange change) {
        return ADAPTER.apply(change).get(0).id();
    }

    @Test
    void theSameChangeReplayedGetsTheSameIds() {
        RowChange replay = insert("oms", "OMS.ORDHDR", 100001, "9001", "777", Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(ADAPTER.apply(replay)).extracting(e -> e.id())
                .containsExactlyElementsOf(ADAPTER.apply(ORIGINAL).stream().map(e -> e.id()).toList());
    }

    @Test
    void idsAreNameBasedUuids() {
        assertThat(UUID.fromString(placedId(ORIGINAL)).version()).isEqualTo(3);
    }

    @Test
    void twoEventsOfOneChangeGetDifferentIds() {
        var events = ADAPTER.apply(ORIGINAL);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
    }

    static Stream<Arguments> otherChanges() {
        Instant commit = Instant.parse("2026-11-24T10:00:00Z");
        return Stream.of(
                Arguments.of("other lsn", insert("oms", "OMS.ORDHDR", 100001, "9002", "777", commit)),
                Arguments.of("other source", insert("oms-eu", "OMS.ORDHDR", 100001, "9001", "777", commit)),
                Arguments.of("other table (and so its event type)", insert("oms", "ARCHIVE.ORDHDR", 100001, "9001", "777", commit)),
                Arguments.of("other key", insert("oms", "OMS.ORDHDR", 100002, "9001", "777", commit)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherChanges")
    void anotherChangeGetsAnotherId(String description, RowChange other) {
        assertThat(placedId(other)).isNotEqualTo(placedId(ORIGINAL));
    }

    static Stream<Arguments> sameChangeOtherMetadata() {
        return Stream.of(
                Arguments.of("other transaction id",
                        insert("oms", "OMS.ORDHDR", 100001, "9001", "778", Instant.parse("2026-11-24T10:00:00Z"))),
                Arguments.of("other commit time",
                        insert("oms", "OMS.ORDHDR", 100001, "9001", "777", Instant.parse("2026-11-24T11:00:00Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameChangeOtherMetadata")
    void onlySourceLsnTableKeyAndTypeMakeTheId(String description, RowChange same) {
        assertThat(placedId(same)).isEqualTo(placedId(ORIGINAL));
    }
}
