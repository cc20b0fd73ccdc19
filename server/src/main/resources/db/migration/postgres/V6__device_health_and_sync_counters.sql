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
    shop_id             uuid        NOT NULL REFERENCES shops (id),
    device_id           uuid        NOT NULL,
    reported_at         timestamptz NOT NULL,
    app_version         text,
    sdk_version         text,
    protocol            integer     NOT NULL,
    platform            text,
    queue_depth         integer     NOT NULL,
    oldest_unsent_since timestamptz,
    failed_count        integer     NOT NULL,
    conflict_count      integer     NOT NULL,
    clock_offset_ms     bigint      NOT NULL,
    last_push_at        timestamptz,
    last_pull_at        timestamptz,
    acting_employee_id  uuid,
    PRIMARY KEY (shop_id, device_id)
);

CREATE TABLE sync_counters (
    shop_id   uuid        NOT NULL REFERENCES shops (id),
    hour      timestamptz NOT NULL,
    device_id text        NOT NULL,
    name      text        NOT NULL,
    value     bigint      NOT NULL,
    PRIMARY KEY (shop_id, hour, device_id, name)
);

ALTER TABLE devices ADD COLUMN wipe_requested boolean NOT NULL DEFAULT false;

CREATE TABLE held_changes (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    device_id   uuid        NOT NULL,
    mutation_id text        NOT NULL,
    position    integer     NOT NULL,
    mutation    text        NOT NULL,
    received_at timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by uuid,
    resolution  text,
    PRIMARY KEY (shop_id, device_id, mutation_id)
);

ALTER TABLE held_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON held_changes
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE device_health ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON device_health
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE sync_counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON sync_counters
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

GRANT SELECT, INSERT, UPDATE ON device_health TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON sync_counters TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON held_changes TO ${app_role};
