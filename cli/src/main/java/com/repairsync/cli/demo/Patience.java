package com.repairsync.cli.demo;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How the demo waits for what the network should bring about: it polls every 5 ms and gives up
 * after 20 s, so a step that never happens fails the demo with what it waited for.
 */
final class Patience {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Patience() {}

    /**
     * Waits until the condition holds; returns milliseconds since {@code startNanos}.
     *
     * @throws CliException (internal) after 20 s, or if interrupted
     */
    static long waitFor(String what, BooleanSupplier condition, long startNanos) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCode.INTERNAL, "demo: waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.INTERNAL, "demo interrupted while waiting for " + what);
            }
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
