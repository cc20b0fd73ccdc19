-- Whether a queued or acknowledged upsert makes its record (1) or edits one the device saw (0), sent
-- as the mutation's "create" (wire version 3): a server that lacks the record, after a restore say,
-- answers an edit unknown_record and the device sends it again once the create is back, instead of
-- the edit making the record with only its own fields. NULL for rows queued before this column and
-- for deletes and adjusts: the server infers, as it always did.
ALTER TABLE outbox ADD COLUMN creates INTEGER;
ALTER TABLE acknowledged ADD COLUMN creates INTEGER;
