-- A device's local database. The app reads `records.view`: the server's state (`base`) with the
-- device's own pending mutations applied on top. A write stores the record and its outbox
-- mutation in one transaction.

CREATE TABLE device_info (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT
);

CREATE TABLE records (
    entity       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    base         TEXT,                       -- JSON as the server last told us; null if never synced
    base_seq     INTEGER NOT NULL DEFAULT 0, -- sequence of that state; older pulled states are ignored
    base_deleted INTEGER NOT NULL DEFAULT 0,
    view         TEXT,                       -- JSON the app sees; null when deleted
    deleted      INTEGER NOT NULL DEFAULT 0,
    status       TEXT    NOT NULL,           -- synced | pending | failed
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE INDEX records_status ON records (status);

CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- the order the device made its writes in
    mutation_id     TEXT    NOT NULL UNIQUE,
    entity          TEXT    NOT NULL,
    record_id       TEXT    NOT NULL,
    op              TEXT    NOT NULL,
    fields          TEXT,
    deltas          TEXT,
    hlc             TEXT    NOT NULL,
    actor_id        TEXT    NOT NULL,
    group_id        TEXT,
    priority        INTEGER NOT NULL,
    state           TEXT    NOT NULL,           -- pending | failed
    attempts        INTEGER NOT NULL DEFAULT 0, -- server errors spent (never offline time)
    next_attempt_at TEXT,
    last_code       TEXT,
    last_message    TEXT,
    last_field      TEXT,
    last_error_at   TEXT,
    created_at      TEXT    NOT NULL
);
CREATE INDEX outbox_record ON outbox (entity, record_id);
CREATE INDEX outbox_state ON outbox (state, priority, seq);

-- Fields this device wrote that lost to a later write on the server, waiting for the pull that
-- brings the winning value.
CREATE TABLE lost_writes (
    entity      TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    local_value TEXT,
    actor_id    TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    PRIMARY KEY (entity, record_id, field)
);

CREATE TABLE conflicts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    entity        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    local_value   TEXT,
    winning_value TEXT,
    actor_id      TEXT NOT NULL,
    local_hlc     TEXT NOT NULL,
    detected_at   TEXT NOT NULL,
    dismissed     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE pin_lock (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    consecutive_failures INTEGER NOT NULL,
    locked_until        TEXT,
    last_lock_ms        INTEGER
);
