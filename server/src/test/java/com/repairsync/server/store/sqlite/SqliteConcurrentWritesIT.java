package com.repairsync.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writes on SQLite (serialized by the store) each succeed or fail on their own, and the
 * shop's sequence stays gapless: a failed write gives its number back.
 */
class SqliteConcurrentWritesIT {
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 60;

    @Test
    void concurrentWritesSucceedOrFailAloneAndKeepTheSequenceGapless(@TempDir Path dir) throws Exception {
        String shop = UUID.randomUUID().toString();
        try (SqliteStore store = SqliteStore.open(dir, 4)) {
            store.write(tx -> {
                tx.insertShop(shop, "Busy Repairs", Instant.now());
                return null;
            });
            HandedOut seqs = new HandedOut();
            List<String> failures = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < WRITES_PER_THREAD; i++) {
                            String name = thread + "/" + i;
                            boolean fails = fails(i);
                            try {
                                long seq = store.write(tx -> {
                                    long taken = tx.nextSeq(shop);
                                    if (fails) {
                                        throw new IllegalStateException("write " + name + " refused");
                                    }
                                    return taken;
                                });
                                assertThat(fails)
                                        .as("write %s should have failed", name)
                                        .isFalse();
                                seqs.add(seq);
                            } catch (IllegalStateException refused) {
                                assertThat(refused).hasMessage("write " + name + " refused");
                                synchronized (failures) {
                                    failures.add(name);
                                }
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            int failing = THREADS
                    * (int) java.util.stream.IntStream.range(0, WRITES_PER_THREAD)
                            .filter(i -> i % 7 == 3)
                            .count();
            int succeeding = THREADS * WRITES_PER_THREAD - failing;
            assertThat(failures).hasSize(failing);
            assertThat(seqs.values).hasSize(succeeding);
            assertThat(seqs.values)
                    .as("each successful write kept its own number, and failed ones gave theirs back")
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, succeeding).boxed().toList());
            long current = store.read(tx -> tx.currentSeq(shop));
            assertThat(current).isEqualTo(succeeding);
        }
    }

    @Test
    void aWriteSeesTheWritesCommittedBeforeIt(@TempDir Path dir) {
        String shop = UUID.randomUUID().toString();
        try (SqliteStore store = SqliteStore.open(dir, 2)) {
            store.write(tx -> {
                tx.insertShop(shop, "Sequential Repairs", Instant.now());
                return null;
            });
            for (long expected = 1; expected <= 5; expected++) {
                long taken = store.write(tx -> tx.nextSeq(shop));
                assertThat(taken).isEqualTo(expected);
            }
        }
    }

    /** Every seventh write of a thread (from its fourth) throws after taking a sequence number. */
    private static boolean fails(int write) {
        return write % 7 == 3;
    }

    /** Sequences handed out, checked for duplicates as they arrive. */
    private static final class HandedOut {
        private final Set<Long> values = ConcurrentHashMap.newKeySet();

        void add(long seq) {
            assertThat(values.add(seq)).as("sequence %d handed out twice", seq).isTrue();
        }
    }
}
