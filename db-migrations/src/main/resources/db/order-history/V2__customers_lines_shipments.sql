-- Customers, order lines and shipment details in the order-history read model.

CREATE TABLE order_history.customer_view (
    customer_id   VARCHAR(32)    NOT NULL PRIMARY KEY,
    name          VARCHAR(128),
    email         VARCHAR(256),
    phone         VARCHAR(64),
    active        BOOLEAN,
    registered_on DATE,
    -- counted once per OrderPlaced: a replayed event that slipped past the inbox would show here
    order_count   INTEGER        NOT NULL DEFAULT 0,
    last_event_id VARCHAR(64)    NOT NULL,
    updated_at    TIMESTAMPTZ    NOT NULL
);

CREATE TABLE order_history.order_line (
    order_id   VARCHAR(32)    NOT NULL REFERENCES order_history.order_view (order_id) ON DELETE CASCADE,
    line_no    INTEGER        NOT NULL,
    item_code  VARCHAR(64)    NOT NULL,
    quantity   INTEGER        NOT NULL,
    unit_price NUMERIC(14, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

ALTER TABLE order_history.order_view
    ADD COLUMN remark          VARCHAR(512),
    ADD COLUMN shipped_on      DATE,
    ADD COLUMN carrier         VARCHAR(64),
    ADD COLUMN tracking_number VARCHAR(64);

CREATE INDEX order_view_status_idx ON order_history.order_view (status);
