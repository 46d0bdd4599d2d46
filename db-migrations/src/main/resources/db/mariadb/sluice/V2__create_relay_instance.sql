-- The relay instances attached to each capture stream (leader and standbys), for the status and the console: the
-- MariaDB counterpart of db/sluice's relay_instance. Each instance writes its own row on its leadership session, at
-- the pace at which it already asks for the lock (standby) or renews its lease (leader); who leads is decided by
-- GET_LOCK, never by this table. MariaDB has no unlogged InnoDB table: the row changes go to the binlog, and the
-- connector skips them (the table is not captured).
CREATE TABLE sluice.relay_instance (
    slot_name  VARCHAR(64)  NOT NULL,
    instance   VARCHAR(255) NOT NULL,
    session_id BIGINT       NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    paused     BOOLEAN      NOT NULL,
    since      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_seen  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (slot_name, instance)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
