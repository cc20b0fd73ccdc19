-- Revocation that holds at once: an access token names the generations it was issued under, and a
-- token whose generation is no longer current is refused (server/auth/Sessions).
--   employee_credentials.session_generation: bumped when the employee's password is reset, or the
--     employee is deactivated, deleted or demoted: every sign-in of theirs ends.
--   devices.generation: bumped when the device logs out or is revoked: that device's sign-in ends.
--   devices.revoked_at / revoked_by: the device was removed from the shop, by whom; it never signs in again.
ALTER TABLE employee_credentials ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN revoked_at TEXT;
ALTER TABLE devices ADD COLUMN revoked_by TEXT;
-- A rotated refresh token may come back once within the grace (its answer was lost); replayed_at
-- says it did. A successor revoked by that grace (revoked_reason 'lost_answer') that comes back
-- means two parties hold the login: the whole login is revoked.
ALTER TABLE refresh_tokens ADD COLUMN replayed_at TEXT;
ALTER TABLE refresh_tokens ADD COLUMN revoked_reason TEXT;
CREATE INDEX refresh_tokens_device ON refresh_tokens (shop_id, device_id);
