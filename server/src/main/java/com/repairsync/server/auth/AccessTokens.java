package com.repairsync.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.repairsync.protocol.Role;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/** Issues and verifies short-lived HS256 access tokens. */
public final class AccessTokens {
    private static final String ISSUER = "repairsync";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration ttl;

    /**
     * @param secret at least 32 bytes of key material
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public AccessTokens(byte[] secret, Clock clock, Duration ttl) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("token secret must be at least 32 bytes, got " + secret.length);
        }
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token secret rejected: " + e.getMessage(), e);
        }
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * A token for a sign-in; the generations are the employee's and the device's at issue, checked
     * by {@link Sessions} on every request.
     */
    public String issue(
            String shopId,
            String employeeId,
            Role role,
            String deviceId,
            long employeeGeneration,
            long deviceGeneration) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(employeeId)
                .claim("shop", shopId)
                .claim("role", role.wireName())
                .claim("dev", deviceId)
                .claim("eg", employeeGeneration)
                .claim("dg", deviceGeneration)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign access token", e);
        }
        return jwt.serialize();
    }

    /** The principal of a valid, unexpired token signed by this server; empty otherwise. */
    public Optional<Principal> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer())
                    || expires == null
                    || !expires.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            Optional<Role> role = Role.fromWire(claims.getStringClaim("role"));
            String shop = claims.getStringClaim("shop");
            String device = claims.getStringClaim("dev");
            Long employeeGeneration = claims.getLongClaim("eg");
            Long deviceGeneration = claims.getLongClaim("dg");
            if (role.isEmpty()
                    || shop == null
                    || device == null
                    || claims.getSubject() == null
                    || employeeGeneration == null
                    || deviceGeneration == null) {
                return Optional.empty();
            }
            return Optional.of(new Principal(
                    shop,
                    claims.getSubject(),
                    role.get(),
                    device,
                    expires.toInstant(),
                    employeeGeneration,
                    deviceGeneration));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
