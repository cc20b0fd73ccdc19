package com.repairsync.client;

/**
 * The Argon2id cost a device hashes new PINs with ({@link DeviceOptions#withPinCost(PinCost)}).
 * Hashes carry their own cost, so a hash made at any cost verifies under any other; a hash made
 * at less memory or fewer iterations than the device's cost is replaced at the next successful
 * PIN switch.
 *
 * @param memoryKib memory per hash in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes, run on as many threads; more lanes shorten an unlock, not an attack
 */
public record PinCost(int memoryKib, int iterations, int parallelism) {

    /**
     * The policy (version 2): 128 MiB, 4 iterations, 2 lanes. Measured with password4j on the
     * 2-core build machine: about 0.6 s to unlock and 0.9 s of CPU per guess, so trying every
     * 6-digit PIN costs about 5 days of both cores (docs/client.md, "PIN policy").
     */
    public static final PinCost POLICY = new PinCost(128 * 1024, 4, 2);

    /**
     * A cost that protects nothing (64 KiB, 1 iteration), for tests only: a copied device
     * database with such hashes gives up every PIN in seconds.
     */
    public static final PinCost TEST_ONLY = new PinCost(64, 1, 1);

    public PinCost {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("PIN cost parallelism must be 1..16, got " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "PIN cost memory must be " + 8 * parallelism + " KiB..4 GiB, got " + memoryKib + " KiB");
        }
        if (iterations < 1 || iterations > 64) {
            throw new IllegalArgumentException("PIN cost iterations must be 1..64, got " + iterations);
        }
    }

    /** Whether this cost is below {@link #POLICY}: fine for tests, never for a shop's device. */
    public boolean belowPolicy() {
        return memoryKib < POLICY.memoryKib || iterations < POLICY.iterations;
    }

    @Override
    public String toString() {
        return "Argon2id m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism;
    }
}
