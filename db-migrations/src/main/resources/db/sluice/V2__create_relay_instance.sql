-- The relay instances attached to each replication slot (leader and standbys), for the status and the console.
-- Each instance writes its own row on its leadership session, at the pace at which it already asks for the lock
-- (standby) or renews its lease (leader); who leads is decided by the advisory lock, never by this table.
-- UNLOGGED: the rows are liveness, not data: writing them makes no WAL, so they are never decoded, retained by
-- the slot or replicated (an unlogged table is in no publication), and a crash of the server empties the table,
-- which the instances fill again within a poll interval.
CREATE UNLOGGED TABLE sluice.relay_instance (
    slot_name  VARCHAR(64)  NOT NULL,
    instance   VARCHAR(255) NOT NULL,
    session_id BIGINT       NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    paused     BOOLEAN      NOT NULL,
    since      TIMESTAMPTZ  NOT NULL,
    last_seen  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (slot_name, instance)
);
