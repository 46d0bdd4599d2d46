package io.sluice.relay.capture;

/**
 * The replication slot the relay's stored position refers to is gone, invalidated, or was created again after that
 * position: the changes after the position can no longer be streamed. The relay does not start the engine (which would
 * create a new slot and skip them silently); it waits for an operator ({@code POST /sluice/admin/slot/recreate}).
 */
public final class SlotLostException extends RuntimeException {

    private final String slot;
    private final String position;

    SlotLostException(String slot, String position, String what) {
        super("Replication slot " + slot + " " + what + " while the relay's stored position is " + position
                + ": the changes after that position can no longer be streamed, and the relay does not create a new slot and"
                + " skip them. Fix: POST /sluice/admin/slot/recreate (admin token) recreates the slot and takes an incremental"
                + " snapshot of the captured tables, so consumers get their current rows");
        this.slot = slot;
        this.position = position;
    }

    public String slot() {
        return slot;
    }

    /** The stored position, for people ({@code LSN 0/1A2B3C8}). */
    public String position() {
        return position;
    }
}
