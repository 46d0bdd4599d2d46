-- Shipments of the fulfillment service, its inbox and its own transactional outbox.
-- Owned by the fulfillment service alone; it never reads the legacy tables.

CREATE SCHEMA IF NOT EXISTS fulfillment;

CREATE TABLE fulfillment.shipment (
    shipment_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    order_id        VARCHAR(32)  NOT NULL UNIQUE,
    customer_id     VARCHAR(32)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    item_count      INTEGER      NOT NULL,
    carrier         VARCHAR(64),
    tracking_number VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL,
    dispatched_at   TIMESTAMPTZ,
    cancelled_at    TIMESTAMPTZ,
    version         INTEGER      NOT NULL DEFAULT 0
);

CREATE INDEX shipment_status_idx ON fulfillment.shipment (status);

CREATE TABLE fulfillment.inbox (
    event_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    event_type   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

-- The service's outbox, in Debezium's outbox layout; a Sluice relay attached to this database
-- captures it (sluice.outbox.tables=fulfillment.outbox_event) and publishes to shipments.events.
CREATE TABLE fulfillment.outbox_event (
    id                 UUID         NOT NULL PRIMARY KEY,
    aggregatetype      VARCHAR(255) NOT NULL,
    aggregateid        VARCHAR(255) NOT NULL,
    type               VARCHAR(255) NOT NULL,
    payload            JSONB,
    timestamp          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    tracingspancontext VARCHAR(256)
);
