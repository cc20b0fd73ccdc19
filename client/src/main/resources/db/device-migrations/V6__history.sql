-- The recent history a manager's or admin's device keeps to read offline (wire version 6): the
-- entries of GET /v1/history/feed, as the server sends them, within the shop's window (30 days by
-- default). A technician's or front desk device keeps none. device_info 'history_cursor' is the
-- feed's cursor; without it the device keeps no history (the table is empty).
-- changes: the JSON array of FieldChange exactly as the server sent it (an erasure on the device
--   rewrites the personal fields of an erased record to {"field": ..., "erased": true}).
-- at: when the server applied the change, WireInstant's fixed form, so text order is time order.
CREATE TABLE history (
    seq       INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op        TEXT NOT NULL,
    actor_id  TEXT,
    device_id TEXT,
    hlc       TEXT,
    at        TEXT NOT NULL,
    changes   TEXT NOT NULL
);
CREATE INDEX history_record ON history (entity, record_id, seq);
CREATE INDEX history_at ON history (at);
