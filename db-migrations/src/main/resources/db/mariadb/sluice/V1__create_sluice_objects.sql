-- Sluice's own objects on a MariaDB/MySQL source, in their own database "sluice", next to (never inside)
-- the legacy databases: the MariaDB counterpart of db/sluice. Flyway history: sluice.flyway_schema_history.

CREATE DATABASE IF NOT EXISTS sluice;

-- Transactional outbox, following Debezium's outbox conventions. The id is a UUID as text; the payload a
-- JSON document; the timestamp is in UTC with microseconds (the relay reads it as PostgreSQL's timestamptz).
CREATE TABLE sluice.outbox_event (
    id                 CHAR(36)     NOT NULL PRIMARY KEY,
    aggregatetype      VARCHAR(255) NOT NULL,
    aggregateid        VARCHAR(255) NOT NULL,
    type               VARCHAR(255) NOT NULL,
    payload            JSON,
    timestamp          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    tracingspancontext VARCHAR(256)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Written by the relay's heartbeat, so that the relay's position moves on an idle database.
CREATE TABLE sluice.heartbeat (
    id        INTEGER      NOT NULL PRIMARY KEY,
    last_beat TIMESTAMP(6) NOT NULL
) ENGINE = InnoDB;

-- Debezium signalling table (incremental snapshots, ad-hoc commands).
CREATE TABLE sluice.debezium_signal (
    id   VARCHAR(42)   NOT NULL PRIMARY KEY,
    type VARCHAR(32)   NOT NULL,
    data VARCHAR(2048)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Which relay instance holds the leadership lock (GET_LOCK) of each capture stream: MariaDB keeps no
-- session names that other sessions can read, so the leader writes its name here when it takes the lock.
CREATE TABLE sluice.relay_leader (
    slot_name     VARCHAR(64)  NOT NULL PRIMARY KEY,
    instance      VARCHAR(255) NOT NULL,
    connection_id BIGINT       NOT NULL,
    since         TIMESTAMP(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
