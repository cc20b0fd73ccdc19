-- Record history, undelete and erasure (wire version 6).
-- record_history: one row per change the server applied, written in the change's transaction: the
--   record, what happened (op), who (actor_id) from which device, its HLC, the server's time (at)
--   and each field's old and new value as JSON text (changes; secret fields say only that they
--   changed). seq is the change's sequence in the shop. Erasing a record rewrites its rows'
--   personal values to "erased"; rows older than --history-keep are pruned.
-- erasures: every erased record, by whom and when, without values. The server keeps the same log in
--   its erasure log file (--erasure-log) and applies it again when it finds the database restored.
-- <entity>.erased: the record's personal fields were erased; no write sets them again.
CREATE TABLE record_history (
    shop_id   uuid        NOT NULL REFERENCES shops (id),
    seq       bigint      NOT NULL,
    entity    text        NOT NULL,
    record_id uuid        NOT NULL,
    op        text        NOT NULL,
    actor_id  uuid,
    device_id uuid,
    hlc       text,
    at        timestamptz NOT NULL,
    changes   text        NOT NULL,
    PRIMARY KEY (shop_id, seq)
);
CREATE INDEX record_history_record ON record_history (shop_id, entity, record_id, seq);
CREATE INDEX record_history_at ON record_history (shop_id, at);

CREATE TABLE erasures (
    shop_id   uuid        NOT NULL REFERENCES shops (id),
    entity    text        NOT NULL,
    record_id uuid        NOT NULL,
    erased_by uuid        NOT NULL,
    erased_at timestamptz NOT NULL,
    PRIMARY KEY (shop_id, entity, record_id)
);

ALTER TABLE customers ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE tickets ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE ticket_parts ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE inventory_items ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE employees ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE appointments ADD COLUMN erased boolean NOT NULL DEFAULT false;
ALTER TABLE attachments ADD COLUMN erased boolean NOT NULL DEFAULT false;

ALTER TABLE record_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON record_history
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE erasures ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON erasures
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

GRANT SELECT, INSERT, UPDATE, DELETE ON record_history TO ${app_role};
GRANT SELECT, INSERT ON erasures TO ${app_role};
