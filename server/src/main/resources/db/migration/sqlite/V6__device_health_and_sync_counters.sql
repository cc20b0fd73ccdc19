-- The owner's console.
-- device_health: the latest report of each device (one row per device, replaced by the next), so
--   it never grows past the shop's device count. Ages a device reports become instants on the
--   server's clock (oldest_unsent_since, last_push_at, last_pull_at); clock_offset_ms is how far
--   the device's clock was ahead of the server's when it reported.
-- sync_counters: hourly analytics per shop and device (device_id '' for the shop as a whole),
--   one row per counter name; rows older than the retention are deleted as new hours are written.
-- devices.wipe_requested: the device was revoked with "wipe": once it hears of its revocation it
--   sends what it held and deletes its database and key.
-- held_changes: what a revoked device had not sent, sent up for an admin or manager to apply or
--   discard (nothing a person saved vanishes unseen). Rows stay with how they were resolved.
CREATE TABLE device_health (
    shop_id             TEXT    NOT NULL REFERENCES shops (id),
    device_id           TEXT    NOT NULL,
    reported_at         TEXT    NOT NULL,
    app_version         TEXT,
    sdk_version         TEXT,
    protocol            INTEGER NOT NULL,
    platform            TEXT,
    queue_depth         INTEGER NOT NULL,
    oldest_unsent_since TEXT,
    failed_count        INTEGER NOT NULL,
    conflict_count      INTEGER NOT NULL,
    clock_offset_ms     INTEGER NOT NULL,
    last_push_at        TEXT,
    last_pull_at        TEXT,
    acting_employee_id  TEXT,
    PRIMARY KEY (shop_id, device_id)
) WITHOUT ROWID;

CREATE TABLE sync_counters (
    shop_id   TEXT    NOT NULL REFERENCES shops (id),
    hour      TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (shop_id, hour, device_id, name)
) WITHOUT ROWID;

ALTER TABLE devices ADD COLUMN wipe_requested INTEGER NOT NULL DEFAULT 0;

CREATE TABLE held_changes (
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    device_id   TEXT NOT NULL,
    mutation_id TEXT NOT NULL,
    position    INTEGER NOT NULL,             -- the order the device sent it in
    mutation    TEXT NOT NULL,                -- the mutation as the device queued it (JSON)
    received_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution  TEXT,                         -- applied | discarded | rejected: <code>
    PRIMARY KEY (shop_id, device_id, mutation_id)
) WITHOUT ROWID;
