-- Whether a queued or acknowledged upsert makes its record (1) or edits one the device saw (0), sent
-- as the mutation's "create" (wire version 3): a server that lacks the record, after a restore say,
-- answers an edit unknown_record and the device sends it again once the create is back, instead of
-- the edit making the record with only its own fields. NULL for rows queued before this column and
-- for deletes and adjusts: the server infers, as it always did.
ALTER TABLE outbox ADD COLUMN creates INTEGER;
ALTER TABLE acknowledged ADD COLUMN creates INTEGER;

-- Which server history each record's base was stored in (device_info history_generation, which a
-- restore of the server moves on): a base from an earlier history counts as sequence 0, not seen
-- in this one. Moving the generation on marks every record so without rewriting the table, and
-- downloading the shop again then writes only the records that differ from what the device holds.
ALTER TABLE records ADD COLUMN base_history INTEGER NOT NULL DEFAULT 0;
