-- RepairSync server schema (SQLite). One table per synced entity with typed columns, so a shop
-- owner can run reports with sqlite3; plus what the sync needs.
-- Conventions: ids are UUID text; instants are fixed-width ISO-8601 UTC text
-- (2026-11-24T15:30:00.000Z) so text order is time order; money is integer cents;
-- booleans are 0/1. Every entity row carries its shop, the sequence number of its latest
-- change, a tombstone flag and the HLC that last wrote each field (JSON).

CREATE TABLE shops (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    seq         INTEGER NOT NULL DEFAULT 0,   -- the shop's change sequence: last assigned number
    created_at  TEXT    NOT NULL
);

CREATE TABLE devices (
    id           TEXT NOT NULL PRIMARY KEY,
    shop_id      TEXT NOT NULL REFERENCES shops (id),
    name         TEXT NOT NULL,
    joined_by    TEXT NOT NULL,               -- employee who signed the device in
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX devices_shop ON devices (shop_id);

-- Password hashes live apart from the synced employees table so they can never be pulled.
CREATE TABLE employee_credentials (
    shop_id       TEXT NOT NULL REFERENCES shops (id),
    employee_id   TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (shop_id, employee_id)
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT NOT NULL PRIMARY KEY,    -- SHA-256 of the token; the token itself is never stored
    family_id   TEXT NOT NULL,                -- all tokens rotated from one login
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    employee_id TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    replaced_by TEXT,                         -- hash of the token this one was rotated into
    revoked_at  TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- The first result of every mutation id of a device, so a retry returns it and changes nothing.
CREATE TABLE applied_mutations (
    shop_id     TEXT    NOT NULL REFERENCES shops (id),
    mutation_id TEXT    NOT NULL,
    device_id   TEXT    NOT NULL,
    status      TEXT    NOT NULL,             -- applied | rejected
    seq         INTEGER,
    code        TEXT,
    message     TEXT,
    field       TEXT,
    superseded  TEXT,                         -- comma-separated fields that lost to later writes
    received_at TEXT    NOT NULL,
    PRIMARY KEY (shop_id, device_id, mutation_id)
);

CREATE TABLE customers (
    shop_id     TEXT    NOT NULL REFERENCES shops (id),
    id          TEXT    NOT NULL,
    first_name  TEXT    NOT NULL,
    last_name   TEXT,
    phone       TEXT,
    email       TEXT,
    address     TEXT,
    notes       TEXT,
    seq         INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    deleted_hlc TEXT,
    field_hlcs  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX customers_seq ON customers (shop_id, seq);

CREATE TABLE tickets (
    shop_id              TEXT    NOT NULL REFERENCES shops (id),
    id                   TEXT    NOT NULL,
    customer_id          TEXT    NOT NULL,
    device_type          TEXT    NOT NULL,
    device_model         TEXT,
    serial_number        TEXT,
    problem              TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    priority             TEXT    NOT NULL,
    assigned_employee_id TEXT,
    estimate_cents       INTEGER,
    final_price_cents    INTEGER,
    due_at               TEXT,
    notes                TEXT,
    seq                  INTEGER NOT NULL,
    deleted              INTEGER NOT NULL DEFAULT 0,
    deleted_hlc          TEXT,
    field_hlcs           TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX tickets_seq ON tickets (shop_id, seq);
CREATE INDEX tickets_customer ON tickets (shop_id, customer_id);

CREATE TABLE ticket_parts (
    shop_id           TEXT    NOT NULL REFERENCES shops (id),
    id                TEXT    NOT NULL,
    ticket_id         TEXT    NOT NULL,
    inventory_item_id TEXT    NOT NULL,
    quantity          INTEGER NOT NULL,
    unit_price_cents  INTEGER,
    seq               INTEGER NOT NULL,
    deleted           INTEGER NOT NULL DEFAULT 0,
    deleted_hlc       TEXT,
    field_hlcs        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX ticket_parts_seq ON ticket_parts (shop_id, seq);
CREATE INDEX ticket_parts_ticket ON ticket_parts (shop_id, ticket_id);

CREATE TABLE inventory_items (
    shop_id       TEXT    NOT NULL REFERENCES shops (id),
    id            TEXT    NOT NULL,
    sku           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    category      TEXT,
    quantity      INTEGER NOT NULL,
    reorder_level INTEGER,
    cost_cents    INTEGER,
    price_cents   INTEGER,
    location      TEXT,
    seq           INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    deleted_hlc   TEXT,
    field_hlcs    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX inventory_items_seq ON inventory_items (shop_id, seq);

CREATE TABLE employees (
    shop_id           TEXT    NOT NULL REFERENCES shops (id),
    id                TEXT    NOT NULL,
    first_name        TEXT    NOT NULL,
    last_name         TEXT,
    email             TEXT,
    role              TEXT    NOT NULL,
    hourly_rate_cents INTEGER,
    pin_hash          TEXT,
    active            INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    deleted           INTEGER NOT NULL DEFAULT 0,
    deleted_hlc       TEXT,
    field_hlcs        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX employees_seq ON employees (shop_id, seq);
CREATE INDEX employees_email ON employees (email);

CREATE TABLE appointments (
    shop_id          TEXT    NOT NULL REFERENCES shops (id),
    id               TEXT    NOT NULL,
    customer_id      TEXT    NOT NULL,
    ticket_id        TEXT,
    employee_id      TEXT,
    type             TEXT    NOT NULL,
    starts_at        TEXT    NOT NULL,
    duration_minutes INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    notes            TEXT,
    seq              INTEGER NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0,
    deleted_hlc      TEXT,
    field_hlcs       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX appointments_seq ON appointments (shop_id, seq);
CREATE INDEX appointments_starts ON appointments (shop_id, starts_at);
