-- The server's history id (its "epoch"): which line of history the data belongs to. Every pull,
-- push answer and realtime hello carries it; a restore gives the data a new one, so a device
-- whose cursor came from another history knows to heal the server and download again.
-- One row. The fingerprint is where the id was made (PostgreSQL: the cluster, database and
-- table identity; unused on SQLite, where `repairsync restore` renews the id itself).
CREATE TABLE server_history (
    singleton    INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    history_id   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL DEFAULT '',
    began_at     TEXT NOT NULL
);

INSERT INTO server_history (singleton, history_id, fingerprint, began_at)
VALUES (1, lower(hex(randomblob(16))), '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
