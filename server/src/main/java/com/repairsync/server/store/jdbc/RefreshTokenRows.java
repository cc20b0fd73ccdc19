package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.RefreshTokenRow;
import java.time.Instant;
import java.util.Optional;

/** Refresh tokens: issued, spent, replayed and revoked, one at a time, by family, device or employee. */
final class RefreshTokenRows {
    private final JdbcTransaction tx;

    RefreshTokenRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    void insertRefreshToken(RefreshTokenRow token, Instant issuedAt) {
        tx.enter(token.shopId());
        tx.update(
                "store refresh token",
                "INSERT INTO refresh_tokens (token_hash, family_id, shop_id, employee_id, device_id, issued_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                token.tokenHash(),
                token.familyId(),
                token.shopId(),
                token.employeeId(),
                token.deviceId(),
                issuedAt,
                token.expiresAt());
    }

    Optional<RefreshTokenRow> findRefreshToken(String tokenHash) {
        tx.enterShopOfRefreshToken(tokenHash);
        return tx.queryOne(
                "find refresh token",
                "SELECT token_hash, family_id, shop_id, employee_id, device_id, expires_at, used_at, revoked_at,"
                        + " replaced_by, replayed_at, revoked_reason FROM refresh_tokens WHERE token_hash = ?",
                row -> new RefreshTokenRow(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        tx.dialect().readInstant(row, "expires_at"),
                        tx.dialect().readInstant(row, "used_at"),
                        tx.dialect().readInstant(row, "revoked_at"),
                        row.getString("replaced_by"),
                        tx.dialect().readInstant(row, "replayed_at"),
                        row.getString("revoked_reason")),
                tokenHash);
    }

    void markRefreshTokenUsed(String tokenHash, Instant now, String replacedBy) {
        tx.enterShopOfRefreshToken(tokenHash);
        tx.update(
                "use refresh token",
                "UPDATE refresh_tokens SET used_at = COALESCE(used_at, ?), replaced_by = ? WHERE token_hash = ?",
                now,
                replacedBy,
                tokenHash);
    }

    void revokeRefreshToken(String tokenHash, Instant now, String reason) {
        tx.enterShopOfRefreshToken(tokenHash);
        tx.update(
                "revoke refresh token",
                "UPDATE refresh_tokens SET revoked_at = ?, revoked_reason = ? WHERE token_hash = ? AND revoked_at IS NULL",
                now,
                reason,
                tokenHash);
    }

    void markRefreshTokenReplayed(String tokenHash, Instant now, String replacedBy) {
        tx.enterShopOfRefreshToken(tokenHash);
        tx.update(
                "replay refresh token",
                "UPDATE refresh_tokens SET replayed_at = ?, replaced_by = ? WHERE token_hash = ?",
                now,
                replacedBy,
                tokenHash);
    }

    void revokeRefreshTokensOfDevice(String shopId, String deviceId, Instant now) {
        tx.enter(shopId);
        tx.update(
                "revoke device sessions",
                "UPDATE refresh_tokens SET revoked_at = ? WHERE shop_id = ? AND device_id = ? AND revoked_at IS NULL",
                now,
                shopId,
                deviceId);
    }

    void revokeRefreshFamily(String familyId, Instant now) {
        tx.requireShop("revoke refresh tokens");
        tx.update(
                "revoke refresh tokens",
                "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                now,
                familyId);
    }

    void revokeRefreshTokensOf(String shopId, String employeeId, String exceptDeviceId, Instant now) {
        tx.enter(shopId);
        String sql =
                "UPDATE refresh_tokens SET revoked_at = ? WHERE shop_id = ? AND employee_id = ? AND revoked_at IS NULL";
        if (exceptDeviceId == null) {
            tx.update("revoke sessions", sql, now, shopId, employeeId);
        } else {
            tx.update("revoke sessions", sql + " AND device_id <> ?", now, shopId, employeeId, exceptDeviceId);
        }
    }
}
