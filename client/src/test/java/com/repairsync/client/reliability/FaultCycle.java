package com.repairsync.client.reliability;

import com.repairsync.testkit.faults.FaultProxy;
import com.repairsync.testkit.faults.FaultProxy.Fault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Switches a {@link FaultProxy} through every fault kind, in a seeded random order per round, each
 * held for a seeded random time, while traffic flows; a healthy spell follows every fault so work
 * can get through.
 */
final class FaultCycle implements AutoCloseable {
    private static final long MAX_EXTRA_MILLIS = 3_000;
    private static final long POLL_MILLIS = 50;

    private final FaultProxy proxy;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger rounds = new AtomicInteger();
    private final Thread thread;

    FaultCycle(FaultProxy proxy, long seed) {
        this.proxy = proxy;
        this.random = new Random(seed);
        this.thread = new Thread(this::cycle, "fault-cycle");
        thread.setDaemon(true);
        thread.start();
    }

    /** Full rounds through every fault kind so far. */
    int rounds() {
        return rounds.get();
    }

    private void cycle() {
        while (running.get()) {
            List<Fault> order = new ArrayList<>(Arrays.asList(Fault.values()));
            order.remove(Fault.NONE);
            Collections.shuffle(order, random);
            for (Fault fault : order) {
                holdUntilStruck(fault, 150 + random.nextInt(450));
                hold(Fault.NONE, 100 + random.nextInt(300));
                if (!running.get()) {
                    return;
                }
            }
            rounds.incrementAndGet();
        }
    }

    /**
     * Holds a fault for its time and, if it has not struck by then, a little longer (up to {@link
     * #MAX_EXTRA_MILLIS}): after a black hole or a half-open spell every device may still be
     * waiting out its request timeout, and a fault that happens to follow one would otherwise pass
     * without touching a single request, round after round, for some seeds.
     */
    private void holdUntilStruck(Fault fault, long millis) {
        long before = proxy.struck().get(fault);
        hold(fault, millis);
        for (long extra = 0;
                extra < MAX_EXTRA_MILLIS && running.get() && proxy.struck().get(fault) == before;
                extra += POLL_MILLIS) {
            hold(fault, POLL_MILLIS);
        }
    }

    private void hold(Fault fault, long millis) {
        proxy.set(fault);
        try {
            Thread.sleep(millis); // how long a fault lasts, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Stops cycling and heals the network. */
    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        proxy.set(Fault.NONE);
    }
}
