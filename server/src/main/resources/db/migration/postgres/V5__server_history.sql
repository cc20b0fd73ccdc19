-- The server's history id (its "epoch"): which line of history the data belongs to. Every pull,
-- push answer and realtime hello carries it. One row, not per shop: a restore rolls the whole
-- database back. The fingerprint names the physical database the id was made in (the cluster's
-- system identifier, the database's and this table's OIDs): a dump restored into another
-- database or cluster, or over this one (which recreates the table), no longer matches, and the
-- server starts a new history. A failover to a physical replica keeps all three.
CREATE TABLE server_history (
    singleton    INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    history_id   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL DEFAULT '',
    began_at     TIMESTAMPTZ NOT NULL
);

INSERT INTO server_history (singleton, history_id, fingerprint, began_at)
VALUES (1, replace(gen_random_uuid()::text, '-', ''), '', now());

GRANT SELECT, UPDATE ON server_history TO ${app_role};
