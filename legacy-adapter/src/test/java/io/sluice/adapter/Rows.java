package io.sluice.adapter;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;

/** One-line builders for row changes and catalogues in tests. */
final class Rows {

    static final Instant COMMIT = Instant.parse("2026-11-24T10:15:30Z");

    private Rows() {
    }

    static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    static RowChange insert(String table, Map<String, Object> after) {
        return change(table, Operation.INSERT, null, after, "1000");
    }

    static RowChange update(String table, Map<String, Object> before, Map<String, Object> after) {
        return change(table, Operation.UPDATE, before, after, "2000");
    }

    static RowChange change(String table, Operation operation, Map<String, Object> before, Map<String, Object> after, String lsn) {
        return new RowChange("oms", TableId.parse(table), operation, before, after, new SourcePosition(lsn, "777"), COMMIT);
    }

    static LegacyAdapter adapter(String yaml) {
        return new LegacyAdapter(MappingCatalog.load(List.of(new MappingSource("test.yaml", yaml))));
    }
}
