package com.repairsync.client.internal;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import com.repairsync.client.PinCost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id hashing of employee PINs. Hashes are PHC strings ({@code $argon2id$v=19$m=...}) that
 * carry their own salt and cost, so a hash made with one cost verifies under any other and the
 * cost can be raised without breaking synced hashes. Validating the PIN is the caller's job
 * ({@link PinPad#hash(String)}).
 */
public final class PinHasher {
    /** The policy's cost, {@link PinCost#POLICY}. */
    public static final PinHasher DEFAULT = new PinHasher(PinCost.POLICY);

    private static final Logger log = LoggerFactory.getLogger(PinHasher.class);
    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    private final PinCost cost;
    /**
     * Made at the first hash, not with the hasher: password4j allocates the cost's memory (128 MiB
     * at the policy's) as it makes one, about a second, which a device opened only to sync or list
     * records never needs.
     */
    private volatile Argon2Function function;

    /** A hasher with the given cost; tests use a cheap one. */
    public PinHasher(int memoryKib, int iterations, int parallelism) {
        this(new PinCost(memoryKib, iterations, parallelism));
    }

    public PinHasher(PinCost cost) {
        this.cost = cost;
    }

    private Argon2Function function() {
        Argon2Function made = function;
        if (made == null) {
            made = Argon2Function.getInstance(
                    cost.memoryKib(),
                    cost.iterations(),
                    cost.parallelism(),
                    HASH_LENGTH,
                    Argon2.ID,
                    Argon2Function.ARGON2_VERSION_13);
            function = made; // getInstance hands out one shared instance per cost, so a race makes no second
        }
        return made;
    }

    /** The cost new hashes are made with. */
    public PinCost cost() {
        return cost;
    }

    /**
     * A new PHC hash of {@code pin} with a random 16-byte salt. Below {@link PinCost#POLICY} (a
     * test's cost) it logs a warning every time: such a hash falls to an offline guesser in seconds.
     */
    public String hash(String pin) {
        if (cost.belowPolicy()) {
            log.warn(
                    "PIN hashed at {}, below the PIN policy's {}: for tests only, a copied device database gives"
                            + " up such a PIN in seconds",
                    cost,
                    PinCost.POLICY);
        }
        return Password.hash(pin).addRandomSalt(SALT_LENGTH).with(function()).getResult();
    }

    /** True if {@code pin} matches {@code hash}; a null or malformed hash never matches. */
    public boolean verify(String pin, String hash) {
        if (pin == null || hash == null) {
            return false;
        }
        try {
            return Argon2Function.getInstanceFromHash(hash).check(pin, hash);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /**
     * Whether {@code hash} is an Argon2id hash at least as costly as new ones: as much memory and
     * as many iterations (lanes only spread the same work over threads, so they do not count).
     * False for a malformed hash.
     */
    public boolean current(String hash) {
        try {
            Argon2Function made = Argon2Function.getInstanceFromHash(hash);
            return made.getVariant() == Argon2.ID
                    && made.getMemory() >= cost.memoryKib()
                    && made.getIterations() >= cost.iterations();
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
