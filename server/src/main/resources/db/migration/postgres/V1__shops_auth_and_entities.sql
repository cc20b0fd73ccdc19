-- RepairSync server schema (PostgreSQL). The same tables as the SQLite schema with real types:
-- uuid ids, timestamptz instants, bigint cents and counts, boolean flags, jsonb field HLCs.
--
-- Run by Flyway as the schema owner (--db-migrate-user). The server itself connects as the
-- application role ${app_role}, which owns nothing: it gets row privileges below and sees a
-- shop-owned row only while its transaction has set repairsync.shop to that row's shop
-- (set_config('repairsync.shop', <shop id>, true), i.e. SET LOCAL). Without the setting every
-- table reads empty and every write is refused.

-- The shop the current transaction acts for, or NULL when none is set. A setting that was set
-- locally reads '' after its transaction, hence the NULLIF.
CREATE FUNCTION repairsync_current_shop() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('repairsync.shop', true), '')::uuid $$;

CREATE TABLE shops (
    id          uuid        NOT NULL PRIMARY KEY,
    name        text        NOT NULL,
    seq         bigint      NOT NULL DEFAULT 0,   -- the shop's change sequence: last assigned number
    created_at  timestamptz NOT NULL
);

CREATE TABLE devices (
    id           uuid        NOT NULL PRIMARY KEY,
    shop_id      uuid        NOT NULL REFERENCES shops (id),
    name         text        NOT NULL,
    joined_by    uuid        NOT NULL,            -- employee who signed the device in
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX devices_shop ON devices (shop_id);

-- Password hashes live apart from the synced employees table so they can never be pulled.
CREATE TABLE employee_credentials (
    shop_id       uuid        NOT NULL REFERENCES shops (id),
    employee_id   uuid        NOT NULL,
    password_hash text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (shop_id, employee_id)
);

CREATE TABLE refresh_tokens (
    token_hash  text        NOT NULL PRIMARY KEY, -- SHA-256 of the token; the token itself is never stored
    family_id   uuid        NOT NULL,             -- all tokens rotated from one login
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    employee_id uuid        NOT NULL,
    device_id   uuid        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    replaced_by text,                             -- hash of the token this one was rotated into
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_employee ON refresh_tokens (shop_id, employee_id);

-- The first result of every mutation id of a device, so a retry returns it and changes nothing.
CREATE TABLE applied_mutations (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    mutation_id text        NOT NULL,
    device_id   uuid        NOT NULL,
    status      text        NOT NULL,             -- applied | rejected
    seq         bigint,
    code        text,
    message     text,
    field       text,
    superseded  text,                             -- comma-separated fields that lost to later writes
    received_at timestamptz NOT NULL,
    PRIMARY KEY (shop_id, device_id, mutation_id)
);

CREATE TABLE customers (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    first_name           text NOT NULL,
    last_name            text,
    phone                text,
    email                text,
    address              text,
    notes                text,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX customers_seq ON customers (shop_id, seq);

CREATE TABLE tickets (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    customer_id          uuid NOT NULL,
    device_type          text NOT NULL,
    device_model         text,
    serial_number        text,
    problem              text NOT NULL,
    status               text NOT NULL,
    priority             text NOT NULL,
    assigned_employee_id uuid,
    estimate_cents       bigint,
    final_price_cents    bigint,
    due_at               timestamptz,
    notes                text,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX tickets_seq ON tickets (shop_id, seq);
CREATE INDEX tickets_customer ON tickets (shop_id, customer_id);

CREATE TABLE ticket_parts (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    ticket_id            uuid NOT NULL,
    inventory_item_id    uuid NOT NULL,
    quantity             bigint NOT NULL,
    unit_price_cents     bigint,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX ticket_parts_seq ON ticket_parts (shop_id, seq);
CREATE INDEX ticket_parts_ticket ON ticket_parts (shop_id, ticket_id);

CREATE TABLE inventory_items (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    sku                  text NOT NULL,
    name                 text NOT NULL,
    category             text,
    quantity             bigint NOT NULL,
    reorder_level        bigint,
    cost_cents           bigint,
    price_cents          bigint,
    location             text,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX inventory_items_seq ON inventory_items (shop_id, seq);

CREATE TABLE employees (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    first_name           text NOT NULL,
    last_name            text,
    email                text,
    role                 text NOT NULL,
    hourly_rate_cents    bigint,
    pin_hash             text,
    active               boolean NOT NULL,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX employees_seq ON employees (shop_id, seq);
CREATE INDEX employees_email ON employees (email) WHERE NOT deleted;

CREATE TABLE appointments (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    customer_id          uuid NOT NULL,
    ticket_id            uuid,
    employee_id          uuid,
    type                 text NOT NULL,
    starts_at            timestamptz NOT NULL,
    duration_minutes     bigint NOT NULL,
    status               text NOT NULL,
    notes                text,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX appointments_seq ON appointments (shop_id, seq);
CREATE INDEX appointments_starts ON appointments (shop_id, starts_at);

-- Row-level security: every shop-owned table shows and accepts only the current shop's rows.
-- Not FORCEd: the owner (migrations, and the two SECURITY DEFINER look-ups below) is exempt;
-- the application role never owns a table, so it is always bound by the policies.
ALTER TABLE shops ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON shops
    USING (id = repairsync_current_shop()) WITH CHECK (id = repairsync_current_shop());
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON devices
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE employee_credentials ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON employee_credentials
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON refresh_tokens
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE applied_mutations ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON applied_mutations
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON customers
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON tickets
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE ticket_parts ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON ticket_parts
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE inventory_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON inventory_items
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE employees ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON employees
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON appointments
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

-- The two questions asked before the shop is known. Each answers exactly one narrow question
-- as the owner, past row-level security, and runs with a fixed search_path.

-- Login: which employees of any shop have this e-mail address and a password.
CREATE FUNCTION repairsync_login_candidates(login_email text)
    RETURNS TABLE (shop_id uuid, employee_id uuid, role text, active boolean, password_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}, pg_temp
    AS $$
        SELECT e.shop_id, e.id, e.role, e.active, c.password_hash
        FROM employees e
        JOIN employee_credentials c ON c.shop_id = e.shop_id AND c.employee_id = e.id
        WHERE e.email = login_email AND NOT e.deleted
        ORDER BY e.created_at
        LIMIT 10
    $$;

-- Refresh: which shop a refresh token (known only to its holder, stored hashed) belongs to.
CREATE FUNCTION repairsync_shop_of_refresh_token(hash text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}, pg_temp
    AS $$ SELECT shop_id FROM refresh_tokens WHERE token_hash = hash $$;

REVOKE ALL ON FUNCTION repairsync_login_candidates(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION repairsync_shop_of_refresh_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION repairsync_login_candidates(text) TO ${app_role};
GRANT EXECUTE ON FUNCTION repairsync_shop_of_refresh_token(text) TO ${app_role};
GRANT EXECUTE ON FUNCTION repairsync_current_shop() TO ${app_role};

-- The application role reads, inserts and updates rows (never deletes: deletes are tombstones),
-- and may read the migration history to check that the schema is current.
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON shops, devices, employee_credentials, refresh_tokens, applied_mutations, customers, tickets, ticket_parts, inventory_items, employees, appointments TO ${app_role};
GRANT SELECT ON ${flyway:table} TO ${app_role};
