-- The file lane (wire version 5).
-- attachments: the entity (Schema.ATTACHMENTS), a table like every other entity's; a record names
--   exactly one owner (ticket_id or customer_id) and its bytes by SHA-256 (file_hash).
-- files: the shop's files by SHA-256, one row per file: 'uploading' while chunks arrive (the row
--   reserves its size against the shop's quota; content_type is null until the bytes are checked),
--   then 'stored'. device_id is the device that began the upload.
-- file_chunks: the bytes, one row per chunk. Not large objects: those live outside the tables and
--   so outside row-level security.
CREATE TABLE attachments (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    ticket_id            uuid,
    customer_id          uuid,
    kind                 text NOT NULL,
    caption              text,
    file_hash            text NOT NULL,
    content_type         text NOT NULL,
    size                 bigint NOT NULL,
    file_name            text,
    thumbnail_hash       text,
    added_by             uuid NOT NULL,
    added_at             timestamptz NOT NULL,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX attachments_seq ON attachments (shop_id, seq);
CREATE INDEX attachments_ticket ON attachments (shop_id, ticket_id);
CREATE INDEX attachments_customer ON attachments (shop_id, customer_id);

CREATE TABLE files (
    shop_id      uuid        NOT NULL REFERENCES shops (id),
    hash         text        NOT NULL,
    size         bigint      NOT NULL,
    chunk_size   integer     NOT NULL,
    content_type text,
    state        text        NOT NULL CHECK (state IN ('uploading', 'stored')),
    created_at   timestamptz NOT NULL,
    stored_at    timestamptz,
    device_id    uuid        NOT NULL,
    PRIMARY KEY (shop_id, hash)
);

CREATE TABLE file_chunks (
    shop_id uuid    NOT NULL REFERENCES shops (id),
    hash    text    NOT NULL,
    idx     integer NOT NULL,
    data    bytea   NOT NULL,
    PRIMARY KEY (shop_id, hash, idx)
);

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON attachments
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON files
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());
ALTER TABLE file_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON file_chunks
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

GRANT SELECT, INSERT, UPDATE ON attachments TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON files TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON file_chunks TO ${app_role};
