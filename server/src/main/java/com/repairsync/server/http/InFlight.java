package com.repairsync.server.http;

import java.time.Duration;

/**
 * Counts requests that must finish before shutdown (pushes). Once closed, no new one may enter, and
 * {@link #awaitIdle} waits for the ones inside.
 */
public final class InFlight {
    private int active;
    private boolean closed;

    /** Enters unless closed; a caller that entered must {@link #exit()}. */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        active++;
        return true;
    }

    public synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    /** Refuses new entries and waits up to the grace period for those inside; true if all left. */
    public synchronized boolean closeAndAwaitIdle(Duration grace) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
