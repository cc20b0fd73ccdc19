package com.repairsync.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A socket may say 5 things at once, then one every 2 s; an idle socket saves up no more than 5. */
class DeviceMessagesRateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfFiveThenOneEveryTwoSeconds() {
        DeviceMessages.Rate rate = new DeviceMessages.Rate();
        long now = 7 * SECOND;
        for (int i = 0; i < DeviceMessages.BURST; i++) {
            assertThat(rate.take(now)).as("message %d of the burst", i + 1).isTrue();
        }
        assertThat(rate.take(now)).isFalse();
        assertThat(rate.take(now + SECOND)).as("half a token").isFalse();
        assertThat(rate.take(now + 2 * SECOND)).isTrue();
        assertThat(rate.take(now + 2 * SECOND)).isFalse();

        long later = now + 3600 * SECOND;
        int taken = 0;
        while (rate.take(later)) {
            taken++;
        }
        assertThat(taken).as("an hour of silence saves up only the burst").isEqualTo(DeviceMessages.BURST);
    }
}
