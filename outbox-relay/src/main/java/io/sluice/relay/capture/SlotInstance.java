package io.sluice.relay.capture;

import java.time.Instant;

/**
 * A relay instance attached to the same source and replication slot as this one, as this one last saw it.
 *
 * @param name     the instance's name ({@code sluice-relay <sluice.ha.instance-name>})
 * @param role     {@code leader} (holds the slot's leadership lock), {@code standby}, or {@code gone} (not seen for longer
 *                 than {@code sluice.ha.lease-timeout}: stopped without saying so, cut off from the source, or waiting to retry)
 * @param state    the state the instance last reported ({@code STREAMING}, {@code STANDBY}, ...); null when unknown (a leader
 *                 that has not reported yet)
 * @param paused   whether an operator paused its publishing
 * @param since    since when it has had that role (null when unknown)
 * @param lastSeen when it last reported (its lease renewal or its poll for the lock)
 * @param self     whether it is the instance answering
 */
public record SlotInstance(String name, String role, String state, boolean paused, Instant since, Instant lastSeen, boolean self) {

    public static final String LEADER = "leader";
    public static final String STANDBY = "standby";
    public static final String GONE = "gone";
}
