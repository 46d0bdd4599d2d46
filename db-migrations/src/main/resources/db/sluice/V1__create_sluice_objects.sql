-- Sluice's own objects, next to (never inside) the legacy schema.
-- Flyway history for this folder lives in sluice.flyway_schema_history.

CREATE SCHEMA IF NOT EXISTS sluice;

-- Transactional outbox, following Debezium's outbox conventions so that an application that
-- already writes a Debezium-style outbox works unchanged.
CREATE TABLE sluice.outbox_event (
    id                 UUID         NOT NULL PRIMARY KEY,
    aggregatetype      VARCHAR(255) NOT NULL,
    aggregateid        VARCHAR(255) NOT NULL,
    type               VARCHAR(255) NOT NULL,
    payload            JSONB,
    timestamp          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    tracingspancontext VARCHAR(256)
);

-- Written by the relay's heartbeat so that the replication slot advances on an idle database.
CREATE TABLE sluice.heartbeat (
    id          INTEGER     NOT NULL PRIMARY KEY,
    last_beat   TIMESTAMPTZ NOT NULL
);

-- Debezium signalling table (incremental snapshots, ad-hoc commands).
CREATE TABLE sluice.debezium_signal (
    id   VARCHAR(42)   NOT NULL PRIMARY KEY,
    type VARCHAR(32)   NOT NULL,
    data VARCHAR(2048)
);
