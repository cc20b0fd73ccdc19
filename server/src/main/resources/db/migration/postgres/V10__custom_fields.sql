-- Custom fields per shop (wire version 8).
-- custom_fields: the entity (Schema.CUSTOM_FIELDS), a table like every other entity's: one row per
--   declared field of a shop, its id derived from (entity, name) so two admins declaring the same
--   field offline make one record. Nobody deletes a declaration; removing a field sets removed.
-- <entity>.custom: the values of the shop's custom fields on customers, tickets and inventory items,
--   a JSON object keyed by field name (values in wire form, null values left out), as text: the pull
--   splices it into the record's JSON as it is. Each value merges on its own: its HLC is in
--   field_hlcs under "custom.<name>". Reports read it with custom::jsonb ->> 'name'.
CREATE TABLE custom_fields (
    shop_id     uuid        NOT NULL REFERENCES shops (id),
    id          uuid        NOT NULL,
    entity      text        NOT NULL,
    name        text        NOT NULL,
    label       text        NOT NULL,
    type        text        NOT NULL,
    choices     text,
    required    boolean     NOT NULL,
    visible_to  text        NOT NULL,
    removed     boolean     NOT NULL,
    position    bigint      NOT NULL,
    seq         bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    deleted_hlc text,
    field_hlcs  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    erased      boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX custom_fields_seq ON custom_fields (shop_id, seq);

ALTER TABLE customers ADD COLUMN custom text NOT NULL DEFAULT '{}';
ALTER TABLE tickets ADD COLUMN custom text NOT NULL DEFAULT '{}';
ALTER TABLE inventory_items ADD COLUMN custom text NOT NULL DEFAULT '{}';

ALTER TABLE custom_fields ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON custom_fields
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

GRANT SELECT, INSERT, UPDATE ON custom_fields TO ${app_role};
