package io.sluice.adapter.change;

/** What happened to a row. */
public enum Operation {
    INSERT, UPDATE, DELETE,
    /** A row read by the initial (or an incremental) snapshot; mapped like an insert. */
    SNAPSHOT
}
