package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The peak comes from the collectors' own reports: what a collection found, not what a poll saw. */
class HeapPeakTest {
    private static final int MB = 1024 * 1024;

    @Test
    void aCollectedAllocationStillCountsInThePeakAndAResetForgetsIt() {
        try (HeapPeak heap = HeapPeak.start()) {
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[MB];
            }
            long held = garbage.length;
            garbage = null;
            System.gc(); // the 64 MB are gone, but the collection saw them first
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heap.peakAboveBaseline())
                    .isGreaterThanOrEqualTo(held * MB));
            assertThat(HeapPeak.used()).as("today's use, after the collection").isLessThan(heap.peak() - held * MB / 2);

            heap.reset();

            assertThat(heap.peakAboveBaseline())
                    .as("after a reset the collected 64 MB no longer count")
                    .isLessThan(held * MB / 2);
        }
    }
}
