-- One shop account per sign-in e-mail, held by the database, not only by a read before the
-- write: two concurrent sign-ups with one e-mail both passed that read under READ COMMITTED. A
-- sign-up claims its e-mail here in the transaction that creates the shop; the second claim
-- waits for the first and then inserts nothing.
--
-- Row-level secured like every shop-owned table: a shop sees only its own claims. The unique
-- key holds across all rows whether visible or not, and INSERT ... ON CONFLICT DO NOTHING needs
-- no read of the conflicting row, so a claim of another shop's e-mail inserts nothing without
-- revealing that shop. The application role may read and add claims, never change or delete
-- them.
CREATE TABLE sign_in_emails (
    email        text        NOT NULL PRIMARY KEY,   -- lower-cased
    shop_id      uuid        NOT NULL REFERENCES shops (id),
    employee_id  uuid        NOT NULL,
    created_at   timestamptz NOT NULL
);

-- Existing sign-ins: the first employee (by creation) with a password holds the e-mail.
INSERT INTO sign_in_emails (email, shop_id, employee_id, created_at)
SELECT DISTINCT ON (lower(e.email)) lower(e.email), e.shop_id, e.id, e.created_at
FROM employees e
JOIN employee_credentials c ON c.shop_id = e.shop_id AND c.employee_id = e.id
WHERE e.email IS NOT NULL AND e.email <> '' AND NOT e.deleted
ORDER BY lower(e.email), e.created_at;

ALTER TABLE sign_in_emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON sign_in_emails
    USING (shop_id = repairsync_current_shop()) WITH CHECK (shop_id = repairsync_current_shop());

GRANT SELECT, INSERT ON sign_in_emails TO ${app_role};
