-- Session ids are now the SHA-256 of the cookie's token. Rows from before hold raw tokens: no
-- cookie can match them any more, and a raw token is exactly what the table must not hold.
DELETE FROM "auth_sessions";
