package com.repairsync.server.auth;

import com.repairsync.protocol.Role;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.StoreTx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Mints a device's sessions: a refresh token stored only by its hash, and an access token naming
 * the generations the sign-in holds under ({@link Sessions}). Login, refresh and a changed
 * password all start sessions here.
 */
public final class SessionIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessTokens accessTokens;
    private final Duration refreshTtl;

    public SessionIssuer(AccessTokens accessTokens, Duration refreshTtl) {
        this.accessTokens = accessTokens;
        this.refreshTtl = refreshTtl;
    }

    AccessTokens accessTokens() {
        return accessTokens;
    }

    /** A new refresh token: 32 random bytes, base64url. */
    static String newRefreshToken() {
        return randomToken();
    }

    /** 256 random bits, URL-safe: refresh tokens, console CSRF and sign-in form tokens. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the database keeps of a refresh token. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Stores {@code refreshToken} as the newest of its login ({@code familyId}) and answers the
     * token pair, in the caller's transaction.
     */
    SessionTokens issue(
            StoreTx tx,
            String shopId,
            String employeeId,
            Role role,
            String deviceId,
            long deviceGeneration,
            String familyId,
            String refreshToken,
            Instant now) {
        tx.insertRefreshToken(
                RefreshTokenRow.issued(
                        hash(refreshToken), familyId, shopId, employeeId, deviceId, now.plus(refreshTtl)),
                now);
        long employeeGeneration = tx.sessionGeneration(shopId, employeeId).orElse(0);
        return new SessionTokens(
                accessTokens.issue(shopId, employeeId, role, deviceId, employeeGeneration, deviceGeneration),
                refreshToken,
                accessTokens.ttl().toSeconds(),
                "Bearer",
                shopId,
                employeeId,
                role.wireName(),
                deviceId);
    }
}
