-- The file lane on the device (wire version 5): photos, signatures and documents of attachments.
-- files: one row per file this device knows by its SHA-256. role: 'original' or 'thumbnail'.
--   stored: whether its bytes are here (file_chunks); upload: NULL for a file that came from the
--   server, else 'pending', 'done' or 'failed' (with error_code and error_message); uploaded_bytes
--   the progress of the upload; next_upload_at when a refused or cut upload goes again.
--   last_used_at orders the eviction of downloaded originals beyond the cache limit; a file not yet
--   uploaded is never evicted.
-- file_chunks: the bytes, in 1 MiB chunks, inside the encrypted database: a file and the record
--   naming it are stored in one transaction, and a copied disk gives neither away.
-- outbox.waits_for_file: the attachment's create waits until its file is uploaded; it never holds
--   up any other record's changes.
CREATE TABLE files (
    hash           TEXT PRIMARY KEY,
    size           INTEGER NOT NULL,
    content_type   TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    stored         INTEGER NOT NULL,
    upload         TEXT,
    uploaded_bytes INTEGER NOT NULL DEFAULT 0,
    error_code     TEXT,
    error_message  TEXT,
    next_upload_at TEXT,
    added_at       TEXT    NOT NULL,
    last_used_at   TEXT    NOT NULL
);
CREATE INDEX files_uploads ON files (upload, added_at) WHERE upload IN ('pending', 'failed');

CREATE TABLE file_chunks (
    hash TEXT    NOT NULL,
    idx  INTEGER NOT NULL,
    data BLOB    NOT NULL,
    PRIMARY KEY (hash, idx)
);

-- Which attachments name a file: each upload's progress tells the app which attachments changed,
-- without reading every attachment's JSON (a synced record's view is its base).
CREATE INDEX records_attachment_file ON records (json_extract(coalesce(view, base), '$.fileHash'))
    WHERE entity = 'attachments';
CREATE INDEX records_attachment_thumbnail ON records (json_extract(coalesce(view, base), '$.thumbnailHash'))
    WHERE entity = 'attachments';

ALTER TABLE outbox ADD COLUMN waits_for_file TEXT;
CREATE INDEX outbox_waits_for_file ON outbox (waits_for_file) WHERE waits_for_file IS NOT NULL;
