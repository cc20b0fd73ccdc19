-- Changes the server acknowledged, kept for DeviceOptions.keepAcknowledged (14 days by default)
-- instead of forgotten at once: if the server's data is restored to an earlier copy, the device
-- sends them again (the server's exactly-once table, restored with the data, answers those it
-- has as duplicates) so nothing it saved is lost. Same columns as the outbox's payload.
CREATE TABLE acknowledged (
    seq              INTEGER PRIMARY KEY,          -- the outbox seq it had: resending keeps the order
    mutation_id      TEXT    NOT NULL UNIQUE,
    entity           TEXT    NOT NULL,
    record_id        TEXT    NOT NULL,
    op               TEXT    NOT NULL,
    fields           TEXT,
    reference_fields TEXT,
    deltas           TEXT,
    hlc              TEXT    NOT NULL,
    actor_id         TEXT    NOT NULL,
    group_id         TEXT,
    priority         INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    acknowledged_at  TEXT    NOT NULL
);
CREATE INDEX acknowledged_age ON acknowledged (acknowledged_at);
