-- One shop account per sign-in e-mail, held by the database, not only by a read before the
-- write: a sign-up claims its e-mail here in the transaction that creates the shop, and a second
-- claim of the same (lower-cased) e-mail inserts nothing.
CREATE TABLE sign_in_emails (
    email        TEXT NOT NULL PRIMARY KEY,   -- lower-cased
    shop_id      TEXT NOT NULL REFERENCES shops (id),
    employee_id  TEXT NOT NULL,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Existing sign-ins: the first employee (by creation) with a password holds the e-mail.
INSERT INTO sign_in_emails (email, shop_id, employee_id, created_at)
SELECT lower(e.email), e.shop_id, e.id, e.created_at
FROM employees e
JOIN employee_credentials c ON c.shop_id = e.shop_id AND c.employee_id = e.id
WHERE e.email IS NOT NULL AND e.email <> '' AND NOT e.deleted
ORDER BY e.created_at
ON CONFLICT (email) DO NOTHING;
