package com.repairsync.server.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing. Hashes are PHC strings ({@code $argon2id$v=19$m=...}) that carry their
 * own salt and cost, so the cost can be raised later without breaking stored hashes.
 */
public final class PasswordHasher {
    /** OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final PasswordHasher DEFAULT = new PasswordHasher(19 * 1024, 2, 1);

    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    private final Argon2Function function;
    private final String dummyHash;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.function = Argon2Function.getInstance(
                memoryKib, iterations, parallelism, HASH_LENGTH, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        this.dummyHash = hash("no such account");
    }

    public String hash(String password) {
        return com.password4j.Password.hash(password)
                .addRandomSalt(SALT_LENGTH)
                .with(function)
                .getResult();
    }

    /** True if the password matches the hash; a malformed hash never matches. */
    public boolean verify(String password, String hash) {
        try {
            return Argon2Function.getInstanceFromHash(hash).check(password, hash);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends the time of one verification, so an unknown account answers as slowly as a known one. */
    public void verifyNothing(String password) {
        verify(password, dummyHash);
    }
}
