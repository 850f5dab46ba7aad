-- The sample's own tables (the event bus creates its tables itself). Runs on H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS orders (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    sku VARCHAR(64) NOT NULL,
    quantity INT NOT NULL,
    amount_cents BIGINT NOT NULL,
    status VARCHAR(32) NOT NULL,
    reason VARCHAR(64),
    placed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    settled_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);

CREATE TABLE IF NOT EXISTS inventory (
    sku VARCHAR(64) NOT NULL PRIMARY KEY,
    initial_stock INT NOT NULL,
    available INT NOT NULL,
    reserved INT NOT NULL,
    sold INT NOT NULL,
    CONSTRAINT inventory_never_negative CHECK (available >= 0 AND reserved >= 0 AND sold >= 0)
);

CREATE TABLE IF NOT EXISTS inventory_reservation (
    order_id VARCHAR(64) NOT NULL PRIMARY KEY,
    sku VARCHAR(64) NOT NULL,
    quantity INT NOT NULL,
    status VARCHAR(16) NOT NULL
);
