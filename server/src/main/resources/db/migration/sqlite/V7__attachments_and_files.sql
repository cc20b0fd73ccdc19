-- The file lane (wire version 5).
-- attachments: the entity (Schema.ATTACHMENTS), a table like every other entity's; a record names
--   exactly one owner (ticket_id or customer_id) and its bytes by SHA-256 (file_hash).
-- files: the shop's files by SHA-256, one row per file: 'uploading' while chunks arrive (the row
--   reserves its size against the shop's quota; content_type is null until the bytes are checked),
--   then 'stored'. device_id is the device that began the upload. The bytes themselves live under
--   <data>/files/<shop>/<hash[0..2]>/<hash>/<chunk index> beside this database.
CREATE TABLE attachments (
    shop_id        TEXT    NOT NULL REFERENCES shops (id),
    id             TEXT    NOT NULL,
    ticket_id      TEXT,
    customer_id    TEXT,
    kind           TEXT    NOT NULL,
    caption        TEXT,
    file_hash      TEXT    NOT NULL,
    content_type   TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    file_name      TEXT,
    thumbnail_hash TEXT,
    added_by       TEXT    NOT NULL,
    added_at       TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_hlc    TEXT,
    field_hlcs     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX attachments_seq ON attachments (shop_id, seq);
CREATE INDEX attachments_ticket ON attachments (shop_id, ticket_id);
CREATE INDEX attachments_customer ON attachments (shop_id, customer_id);

CREATE TABLE files (
    shop_id      TEXT    NOT NULL REFERENCES shops (id),
    hash         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    chunk_size   INTEGER NOT NULL,
    content_type TEXT,
    state        TEXT    NOT NULL,             -- uploading | stored
    created_at   TEXT    NOT NULL,
    stored_at    TEXT,
    device_id    TEXT    NOT NULL,
    PRIMARY KEY (shop_id, hash)
) WITHOUT ROWID;
