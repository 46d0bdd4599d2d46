package io.sluice.adapter;

import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;

/**
 * A change that a mapping covers but cannot translate (an invalid legacy date, an unknown code, a
 * value the source did not send). The change belongs on the dead-letter topic; the stream goes on.
 * The message never contains values of excluded or masked columns, e.g.
 * {@code OMS.ORDHDR key 100001: column ORD_DT value '20261341' is not a valid yyyyMMdd date (orders.yaml, field orderDate) [lsn 9001]}.
 */
public class UnmappableChangeException extends RuntimeException {

    private final TableId table;
    private final String key;
    private final SourcePosition position;
    private final String reason;

    public UnmappableChangeException(TableId table, String key, SourcePosition position, String reason) {
        super(table + " key " + key + ": " + reason + (position == null || position.lsn() == null ? "" : " [lsn " + position.lsn() + "]"));
        this.table = table;
        this.key = key;
        this.position = position;
        this.reason = reason;
    }

    public TableId table() {
        return table;
    }

    public String key() {
        return key;
    }

    public SourcePosition position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
