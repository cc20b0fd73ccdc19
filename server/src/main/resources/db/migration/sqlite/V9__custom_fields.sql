-- Custom fields per shop (wire version 8).
-- custom_fields: the entity (Schema.CUSTOM_FIELDS), a table like every other entity's: one row per
--   declared field of a shop, its id derived from (entity, name) so two admins declaring the same
--   field offline make one record. Nobody deletes a declaration; removing a field sets removed.
-- <entity>.custom: the values of the shop's custom fields on customers, tickets and inventory items,
--   a JSON object keyed by field name (values in wire form, null values left out). Each value merges
--   on its own: its HLC is in field_hlcs under "custom.<name>".
CREATE TABLE custom_fields (
    shop_id     TEXT    NOT NULL REFERENCES shops (id),
    id          TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    choices     TEXT,
    required    INTEGER NOT NULL,
    visible_to  TEXT    NOT NULL,
    removed     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    deleted_hlc TEXT,
    field_hlcs  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    erased      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX custom_fields_seq ON custom_fields (shop_id, seq);

ALTER TABLE customers ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tickets ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE inventory_items ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
