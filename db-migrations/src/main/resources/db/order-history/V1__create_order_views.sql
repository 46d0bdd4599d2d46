-- Read model of the order-history service. Owned by that service alone.

CREATE SCHEMA IF NOT EXISTS order_history;

CREATE TABLE order_history.order_view (
    order_id      VARCHAR(32)    NOT NULL PRIMARY KEY,
    customer_id   VARCHAR(32)    NOT NULL,
    order_date    DATE           NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    total_amount  NUMERIC(14, 2) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    last_event_id VARCHAR(64)    NOT NULL,
    updated_at    TIMESTAMPTZ    NOT NULL
);

CREATE INDEX order_view_customer_idx ON order_history.order_view (customer_id);

-- Inbox: one row per processed event id, written in the same transaction as the effect.
CREATE TABLE order_history.inbox (
    event_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    event_type   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);
