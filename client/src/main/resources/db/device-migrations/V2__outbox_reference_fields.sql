-- The reference fields of each queued mutation (customerId, ticketId, ...) as a small JSON object,
-- so choosing the next push batch reads which records an entry needs first without reading and
-- parsing its whole payload. NULL for rows queued before this column: their fields serve instead.
ALTER TABLE outbox ADD COLUMN reference_fields TEXT;
