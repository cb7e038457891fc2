-- A small shop, in the SQLite style: INTEGER PRIMARY KEY AUTOINCREMENT, dates as TEXT,
-- money in integer cents, booleans as 0/1, CHECKs everywhere, constraints named and not.
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    phone       TEXT,
    is_vip      INTEGER NOT NULL DEFAULT 0 CHECK (is_vip IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (datetime('now')),
    CHECK (length(email) > 3)
);
CREATE UNIQUE INDEX idx_customers_email_lower ON customers (lower(email));

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    CONSTRAINT uq_categories_slug UNIQUE (slug)
);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sku          VARCHAR(32) NOT NULL,
    name         TEXT NOT NULL,
    category_id  INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    weight       REAL,
    rating       DOUBLE,
    in_stock     BOOLEAN NOT NULL DEFAULT 1,
    image        BLOB,
    attributes   JSON,
    added_on     DATE DEFAULT CURRENT_DATE,
    CONSTRAINT uq_products_sku UNIQUE (sku),
    CONSTRAINT ck_products_name CHECK (name <> '')
);
CREATE INDEX idx_products_category ON products (category_id);
CREATE INDEX idx_products_in_stock ON products (category_id, price_cents) WHERE in_stock = 1;

CREATE TABLE coupons (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL COLLATE NOCASE,
    percent_off      INTEGER NOT NULL CONSTRAINT ck_coupons_percent CHECK (percent_off BETWEEN 1 AND 100),
    min_total_cents  INTEGER NOT NULL DEFAULT -1,
    valid_from       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    valid_until      TEXT,
    CONSTRAINT ck_coupons_dates CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE UNIQUE INDEX idx_coupons_code ON coupons (code COLLATE NOCASE);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    coupon_id    INTEGER REFERENCES coupons(id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    placed_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    shipped_at   DATETIME,
    total        NUMERIC(10, 2) NOT NULL DEFAULT 0,
    note         VARCHAR(500)
);
CREATE INDEX idx_orders_customer ON orders (customer_id, placed_at DESC);
CREATE INDEX idx_orders_open ON orders (placed_at) WHERE status IN ('pending', 'paid');

CREATE TABLE order_items (
    order_id          INTEGER NOT NULL,
    product_id        INTEGER NOT NULL,
    quantity          INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price_cents  INTEGER NOT NULL,
    line_total_cents  INTEGER GENERATED ALWAYS AS (quantity * unit_price_cents) VIRTUAL,
    PRIMARY KEY (order_id, product_id),
    FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
    CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT
);
CREATE INDEX idx_order_items_product ON order_items (product_id);

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id  INTEGER NOT NULL REFERENCES products ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body        TEXT,
    created_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (product_id, customer_id)
);

CREATE TABLE "app settings" (
    "key"    TEXT PRIMARY KEY,
    "value"  TEXT NOT NULL DEFAULT '',
    "updated at" TEXT
);

-- things pull leaves alone
CREATE VIEW order_totals AS
    SELECT o.id AS order_id, sum(i.quantity * i.unit_price_cents) AS cents
    FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id;
CREATE TRIGGER orders_shipped AFTER UPDATE OF status ON orders
    WHEN NEW.status = 'shipped' AND OLD.shipped_at IS NULL
BEGIN
    UPDATE orders SET shipped_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
