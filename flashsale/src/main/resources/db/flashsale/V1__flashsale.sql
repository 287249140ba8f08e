-- The flash sale's tables, in their own schema (default "flashsale") with their own Flyway history table
-- (flyway_flashsale), shared by the order API and any number of worker processes.

-- Orders: pending -> processing -> completed | failed. Every status change is one UPDATE guarded by
-- "status NOT IN ('completed', 'failed')": a final order never changes again.
CREATE TABLE orders (
    order_id    UUID        PRIMARY KEY,
    customer_id INTEGER     NOT NULL CHECK (customer_id >= 1),
    status      TEXT        NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    items       JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX orders_status ON orders (status);

-- Charges: at most one per order. INSERT ... ON CONFLICT DO NOTHING is the idempotent charge.
CREATE TABLE payments (
    order_id   UUID           PRIMARY KEY,
    amount     NUMERIC(16, 2) NOT NULL CHECK (amount >= 0),
    charged_at TIMESTAMPTZ    NOT NULL
);
