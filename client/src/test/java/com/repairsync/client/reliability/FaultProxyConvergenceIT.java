package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Seeds;
import com.repairsync.testkit.faults.FaultProxy;
import com.repairsync.testkit.faults.FaultProxy.Fault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real devices (HTTP and realtime socket alike) reach a real server through a {@link FaultProxy}
 * that cycles through every fault kind while they create customers and tickets, use parts and adjust
 * stock; then the network heals and every device must agree with the server and with the ledger of
 * what the devices saved: 0 lost, 0 applied twice, exact stock (see {@link ShopWorkload}).
 *
 * <p>{@code -Drepairsync.seed=N} replays a run's choices (thread timing still varies); {@code
 * -Drepairsync.scale=N} runs N times as long.
 */
class FaultProxyConvergenceIT {
    private static final int DEVICES = 3;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    @Test
    void devicesConvergeWithTheServerThroughEveryFaultKind() throws Exception {
        long seed = Seeds.seed("FaultProxyConvergenceIT");
        Random random = new Random(seed);
        Duration busy = Duration.ofSeconds(12L * Seeds.scaled(1));
        URI base = URI.create(server.http().baseUrl());
        long started = System.nanoTime();
        try (FaultProxy proxy = FaultProxy.start(base.getHost(), base.getPort(), random.nextLong());
                ShopWorkload shop = new ShopWorkload(server, proxy.baseUrl(), dir, DEVICES, 3, random.nextLong())) {
            proxy.latency(Duration.ofMillis(20), Duration.ofMillis(80)).bandwidth(32 * 1024);
            try (FaultCycle cycle = new FaultCycle(proxy, random.nextLong())) {
                runDevices(shop, busy, proxy);
                assertThat(cycle.rounds()).as("every fault kind had its turn").isGreaterThanOrEqualTo(1);
            }
            shop.drainAll(Duration.ofSeconds(60));
            String context = "seed=" + seed + " " + shop.summary() + " faults=" + proxy.struck();
            shop.assertConverged(context);
            for (Fault fault : Fault.values()) {
                if (fault != Fault.NONE) {
                    assertThat(proxy.struck().get(fault))
                            .as("%s struck; %s", fault, context)
                            .isPositive();
                }
            }
            System.out.printf(
                    "FaultProxyConvergenceIT seed=%d %s faults=%s connections=%d in %d ms%n",
                    seed,
                    shop.summary(),
                    proxy.struck(),
                    proxy.accepted(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /**
     * Each device works on its own thread for {@code busy}, then until every fault kind struck (the
     * cycle may have hit quiet moments), at most twice as long.
     */
    static void runDevices(ShopWorkload shop, Duration busy, FaultProxy proxy) throws InterruptedException {
        long end = System.nanoTime() + busy.toNanos();
        long hardEnd = System.nanoTime() + 2 * busy.toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < shop.deviceCount(); i++) {
            int index = i;
            Thread thread = new Thread(
                    () -> {
                        try {
                            while (System.nanoTime() < end
                                    || (System.nanoTime() < hardEnd && !everyFaultStruck(proxy))) {
                                shop.step(index);
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "device-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a device failed while working: " + failure.get(), failure.get());
        }
    }

    private static boolean everyFaultStruck(FaultProxy proxy) {
        return proxy.struck().entrySet().stream().allMatch(e -> e.getKey() == Fault.NONE || e.getValue() > 0);
    }
}
