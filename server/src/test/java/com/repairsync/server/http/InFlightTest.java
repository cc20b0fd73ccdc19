package com.repairsync.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void closingWaitsForRequestsInsideAndRefusesNewOnes() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.enter()).isTrue();
        CountDownLatch closing = new CountDownLatch(1);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
            closing.countDown();
            try {
                return inFlight.closeAndAwaitIdle(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        closing.await();
        while (inFlight.enter()) {
            inFlight.exit(); // not closed yet: the closer has not taken the lock
        }
        assertThat(closed).isNotDone();
        inFlight.exit();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.enter()).isFalse();
    }

    @Test
    void closingGivesUpAfterTheGracePeriod() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.enter()).isTrue();
        assertThat(inFlight.closeAndAwaitIdle(Duration.ofMillis(20))).isFalse();
    }
}
