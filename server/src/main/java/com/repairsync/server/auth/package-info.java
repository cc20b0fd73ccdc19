/**
 * Authentication: shops and their first admin, password logins with Argon2id hashes and
 * throttling, short-lived access JWTs, rotating refresh tokens, and the {@link
 * com.repairsync.server.auth.Principal} every request acts as.
 */
package com.repairsync.server.auth;
