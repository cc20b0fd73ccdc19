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
                hold(fault, 150 + random.nextInt(450));
                hold(Fault.NONE, 100 + random.nextInt(300));
                if (!running.get()) {
                    return;
                }
            }
            rounds.incrementAndGet();
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
