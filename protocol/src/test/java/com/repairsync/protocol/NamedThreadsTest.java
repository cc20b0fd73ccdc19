package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NamedThreadsTest {
    @Test
    void daemonThreadsAllHaveTheName() {
        NamedThreads threads = NamedThreads.daemon("worker");

        Thread first = threads.newThread(() -> {});
        Thread second = threads.newThread(() -> {});

        assertThat(first.getName()).isEqualTo("worker");
        assertThat(second.getName()).isEqualTo("worker");
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getState()).isEqualTo(Thread.State.NEW);
    }

    @Test
    void numberedDaemonsCountFromOne() {
        NamedThreads threads = NamedThreads.numberedDaemons("pool-3-");

        assertThat(threads.newThread(() -> {}).getName()).isEqualTo("pool-3-1");
        Thread second = threads.newThread(() -> {});
        assertThat(second.getName()).isEqualTo("pool-3-2");
        assertThat(second.isDaemon()).isTrue();
        assertThat(NamedThreads.numberedDaemons("pool-4-").newThread(() -> {}).getName())
                .as("each factory counts on its own")
                .isEqualTo("pool-4-1");
    }

    @Test
    void startRunsTheBodyOnANamedDaemon() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        String[] seen = new String[2];

        Thread thread = NamedThreads.daemon("loop").start(() -> {
            seen[0] = Thread.currentThread().getName();
            seen[1] = Boolean.toString(Thread.currentThread().isDaemon());
            ran.countDown();
        });

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        thread.join(10_000);
        assertThat(seen).containsExactly("loop", "true");
    }
}
