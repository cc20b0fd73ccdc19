package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Seeds;
import com.repairsync.testkit.faults.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Mixed load with faults for {@code repairsync.soak.duration} (ISO-8601, default {@code PT15S} in CI;
 * {@code ./mvnw -B -Psoak -pl client -am verify} runs {@code PT30M}): rounds of devices working
 * through the cycling {@link FaultProxy}, each round ending with the network healed, every device
 * drained and the shop checked against the ledger ({@link ShopWorkload#assertConverged}). After the
 * first round the JVM's heap (after GC), open files, sockets and threads are the baseline; after the
 * last they must be flat: within a fixed allowance of it, whatever the duration.
 *
 * <p>{@link Isolated}: the samples are the whole JVM's, so no other test class may run beside it
 * (client integration tests otherwise run two classes at a time).
 */
@Isolated
class SoakIT {
    private static final long HEAP_ALLOWANCE = 64L * 1024 * 1024;
    private static final int FD_ALLOWANCE = 40;
    private static final int THREAD_ALLOWANCE = 25;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    @Test
    void mixedLoadWithFaultsLeavesMemoryFilesSocketsAndThreadsFlat() throws Exception {
        long seed = Seeds.seed("SoakIT");
        Random random = new Random(seed);
        Duration duration = Duration.parse(System.getProperty("repairsync.soak.duration", "PT15S"));
        int rounds = (int) Math.max(3, duration.toMinutes());
        Duration round = duration.dividedBy(rounds);
        URI base = URI.create(server.http().baseUrl());
        List<ResourceSample> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (FaultProxy proxy = FaultProxy.start(base.getHost(), base.getPort(), random.nextLong());
                ShopWorkload shop = new ShopWorkload(server, proxy.baseUrl(), dir, 3, 5, random.nextLong())) {
            proxy.latency(Duration.ofMillis(10), Duration.ofMillis(60)).bandwidth(64 * 1024);
            for (int r = 0; r < rounds; r++) {
                int faultRounds;
                try (FaultCycle cycle = new FaultCycle(proxy, random.nextLong())) {
                    FaultProxyConvergenceIT.runDevices(shop, round, proxy);
                    faultRounds = cycle.rounds();
                }
                shop.drainAll(Duration.ofSeconds(60));
                shop.assertConverged("soak round " + r + " seed=" + seed + " " + shop.summary());
                samples.add(ResourceSample.take());
                System.out.printf(
                        "SoakIT round %d/%d: %s; %s; fault cycles=%d; proxy open=%d%n",
                        r + 1, rounds, shop.summary(), samples.get(r), faultRounds, proxy.openConnections());
            }
            ResourceSample baseline = samples.get(0);
            ResourceSample last = samples.get(samples.size() - 1);
            String context = "seed=" + seed + " samples=" + samples;
            assertThat(last.heapBytes())
                    .as("heap after GC; " + context)
                    .isLessThanOrEqualTo(baseline.heapBytes() * 3 / 2 + HEAP_ALLOWANCE);
            assertThat(last.openFiles())
                    .as("open files; " + context)
                    .isLessThanOrEqualTo(baseline.openFiles() + FD_ALLOWANCE);
            assertThat(last.sockets()).as("sockets; " + context).isLessThanOrEqualTo(baseline.sockets() + FD_ALLOWANCE);
            assertThat(last.threads())
                    .as("threads; " + context)
                    .isLessThanOrEqualTo(baseline.threads() + THREAD_ALLOWANCE);
            System.out.printf(
                    "SoakIT seed=%d duration=%s rounds=%d %s in %d s; first %s, last %s%n",
                    seed,
                    duration,
                    rounds,
                    shop.summary(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                    baseline,
                    last);
        }
    }
}
