-- The catalog's tables, kept in their own schema (default "catalog") with their own Flyway history
-- table (flyway_catalog), so they share database "test" with albums and the other modules.

-- Products: create-or-replace by id.
CREATE TABLE products (
    product_id    INTEGER PRIMARY KEY CHECK (product_id >= 1),
    sku           TEXT    NOT NULL,
    manufacturer  TEXT    NOT NULL,
    category_id   INTEGER NOT NULL CHECK (category_id >= 1),
    weight        INTEGER NOT NULL CHECK (weight >= 0),
    some_other_id INTEGER NOT NULL CHECK (some_other_id >= 1)
);

INSERT INTO products (product_id, sku, manufacturer, category_id, weight, some_other_id)
VALUES (1, 'LAPTOP-001', 'Dell', 1, 2500, 101),
       (2, 'PHONE-001', 'Apple', 2, 200, 102)
ON CONFLICT (product_id) DO NOTHING;

-- Stock of each product. Every change is one UPDATE guarded by its WHERE clause; the CHECKs are the
-- last line of defence: no statement can leave a negative count or more than 2^31-1 units.
CREATE TABLE inventory (
    product_id INTEGER PRIMARY KEY CHECK (product_id >= 1),
    available  INTEGER NOT NULL CHECK (available >= 0),
    reserved   INTEGER NOT NULL CHECK (reserved >= 0),
    CHECK (available::BIGINT + reserved <= 2147483647)
);

INSERT INTO inventory (product_id, available, reserved)
VALUES (1, 1000, 0),
       (2, 1000, 0)
ON CONFLICT (product_id) DO NOTHING;

-- Shopping carts: open -> checking_out (claimed by one checkout) -> checked_out, or back to open when
-- that checkout fails.
CREATE TABLE carts (
    id          SERIAL      PRIMARY KEY,
    customer_id INTEGER     NOT NULL CHECK (customer_id >= 1),
    state       TEXT        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'checking_out', 'checked_out')),
    order_id    INTEGER,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_at  TIMESTAMPTZ,
    CHECK ((state = 'checked_out') = (order_id IS NOT NULL))
);

-- position keeps the order in which products were first added (reservations follow it).
CREATE TABLE cart_items (
    cart_id    INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL CHECK (product_id >= 1),
    quantity   INTEGER NOT NULL CHECK (quantity >= 1),
    position   BIGSERIAL NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);

-- One order per cart at most, whatever the number of instances: cart_id is unique.
CREATE TABLE orders (
    order_id       SERIAL      PRIMARY KEY,
    cart_id        INTEGER     NOT NULL UNIQUE REFERENCES carts (id),
    customer_id    INTEGER     NOT NULL,
    transaction_id TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
    order_id   INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity >= 1),
    PRIMARY KEY (order_id, product_id)
);

-- The payment ledger: approved and declined charges, with the card's last 4 digits only.
CREATE TABLE payments (
    seq            BIGSERIAL   NOT NULL UNIQUE,
    transaction_id TEXT        PRIMARY KEY,
    success        BOOLEAN     NOT NULL,
    last4          CHAR(4)     NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    cart_id        INTEGER     NOT NULL CHECK (cart_id >= 1),
    paid_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX payments_approved_by_cart ON payments (cart_id, seq) WHERE success;
