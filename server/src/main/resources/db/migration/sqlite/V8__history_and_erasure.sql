-- Record history, undelete and erasure (wire version 6).
-- record_history: one row per change the server applied, written in the change's transaction: the
--   record, what happened (op), who (actor_id) from which device, its HLC, the server's time (at,
--   ISO-8601 UTC) and each field's old and new value as JSON (changes; secret fields say only that
--   they changed). seq is the change's sequence in the shop. Erasing a record rewrites its rows'
--   personal values to "erased"; rows older than --history-keep are pruned.
-- erasures: every erased record, by whom and when, without values. The server keeps the same log in
--   <data>/erasures.log beside this database, and applies it again after a restore.
-- <entity>.erased: the record's personal fields were erased; no write sets them again.
CREATE TABLE record_history (
    shop_id   TEXT    NOT NULL REFERENCES shops (id),
    seq       INTEGER NOT NULL,
    entity    TEXT    NOT NULL,
    record_id TEXT    NOT NULL,
    op        TEXT    NOT NULL,
    actor_id  TEXT,
    device_id TEXT,
    hlc       TEXT,
    at        TEXT    NOT NULL,
    changes   TEXT    NOT NULL,
    PRIMARY KEY (shop_id, seq)
) WITHOUT ROWID;
CREATE INDEX record_history_record ON record_history (shop_id, entity, record_id, seq);
CREATE INDEX record_history_at ON record_history (shop_id, at);

CREATE TABLE erasures (
    shop_id   TEXT NOT NULL REFERENCES shops (id),
    entity    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    erased_by TEXT NOT NULL,
    erased_at TEXT NOT NULL,
    PRIMARY KEY (shop_id, entity, record_id)
);

ALTER TABLE customers ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_parts ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employees ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
