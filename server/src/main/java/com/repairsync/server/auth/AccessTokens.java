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

/**
 * Issues and verifies short-lived HS256 tokens: access tokens, step-up confirmations and the
 * owner's console sessions. Each kind carries its own {@code typ} (access tokens none), and none
 * passes for another.
 */
public final class AccessTokens {
    private static final String ISSUER = "repairsync";
    /** The {@code typ} claim of a step-up token; access tokens carry none, and neither passes for the other. */
    private static final String STEP_UP = "step-up";
    /** The {@code typ} claim of a console session (a browser's cookie, never a bearer token). */
    private static final String CONSOLE = "console";

    /** A fresh password confirmation: who confirmed, on which device of which shop, until when. */
    public record StepUp(String shopId, String employeeId, String deviceId, Instant expiresAt) {}

    /**
     * A console session: who signed in to the owner's console, under which of their sign-in
     * generations, and the token a page must send back with every change it asks for (CSRF).
     */
    public record ConsoleClaims(
            String shopId, String employeeId, Role role, long employeeGeneration, String csrf, Instant expiresAt) {}

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
        return sign(claims);
    }

    /**
     * A step-up token: proof that {@code employeeId} typed their password on this device moments ago,
     * for sensitive actions (creating or promoting an admin) until {@code ttl} has passed.
     */
    public String issueStepUp(String shopId, String employeeId, String deviceId, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(employeeId)
                .claim("typ", STEP_UP)
                .claim("shop", shopId)
                .claim("dev", deviceId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /** The confirmation a valid, unexpired step-up token of this server carries; empty otherwise. */
    public Optional<StepUp> verifyStepUp(String token) {
        return claims(token).flatMap(claims -> {
            try {
                String shop = claims.getStringClaim("shop");
                String device = claims.getStringClaim("dev");
                if (!STEP_UP.equals(claims.getStringClaim("typ"))
                        || shop == null
                        || device == null
                        || claims.getSubject() == null) {
                    return Optional.empty();
                }
                return Optional.of(new StepUp(
                        shop,
                        claims.getSubject(),
                        device,
                        claims.getExpirationTime().toInstant()));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    /** A console session token, for the cookie of a browser signed in to the owner's console. */
    public String issueConsole(
            String shopId, String employeeId, Role role, long employeeGeneration, String csrf, Duration ttl) {
        Instant now = clock.instant();
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(employeeId)
                .claim("typ", CONSOLE)
                .claim("shop", shopId)
                .claim("role", role.wireName())
                .claim("eg", employeeGeneration)
                .claim("csrf", csrf)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    }

    /** The session a valid, unexpired console token of this server carries; empty otherwise. */
    public Optional<ConsoleClaims> verifyConsole(String token) {
        return claims(token).flatMap(claims -> {
            try {
                String shop = claims.getStringClaim("shop");
                Optional<Role> role = Role.fromWire(claims.getStringClaim("role"));
                Long generation = claims.getLongClaim("eg");
                String csrf = claims.getStringClaim("csrf");
                if (!CONSOLE.equals(claims.getStringClaim("typ"))
                        || shop == null
                        || role.isEmpty()
                        || generation == null
                        || csrf == null
                        || claims.getSubject() == null) {
                    return Optional.empty();
                }
                return Optional.of(new ConsoleClaims(
                        shop,
                        claims.getSubject(),
                        role.get(),
                        generation,
                        csrf,
                        claims.getExpirationTime().toInstant()));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a token this server signed that has not expired; empty otherwise. */
    private Optional<JWTClaimsSet> claims(String token) {
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
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The principal of a valid, unexpired access token signed by this server; empty otherwise. */
    public Optional<Principal> verify(String token) {
        Optional<JWTClaimsSet> verified = claims(token);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = verified.get();
            Date expires = claims.getExpirationTime();
            if (claims.getClaim("typ") != null) {
                return Optional.empty(); // a step-up token is no access token
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
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
