package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PushBatchSizeTest {
    private static final Duration VERY_QUICK = Duration.ofMillis(40);
    private static final Duration QUICK = Duration.ofMillis(200);
    private static final Duration SLOW = Duration.ofSeconds(2);

    @Test
    void startsAtAHundredOrTheMostIfLower() {
        assertThat(new PushBatchSize(2000).current()).isEqualTo(100);
        assertThat(new PushBatchSize(30).current()).isEqualTo(30);
    }

    @Test
    void fullBatchesAnsweredQuicklyDoubleUpToTheMost() {
        PushBatchSize size = new PushBatchSize(500);
        size.answered(100, QUICK);
        assertThat(size.current()).isEqualTo(200);
        size.answered(200, QUICK);
        size.answered(400, QUICK);
        assertThat(size.current()).isEqualTo(500);
    }

    @Test
    void fullBatchesAnsweredVeryQuicklyGrowFourfold() {
        PushBatchSize size = new PushBatchSize(2000);
        size.answered(100, VERY_QUICK);
        assertThat(size.current()).isEqualTo(400);
        size.answered(400, VERY_QUICK);
        size.answered(1600, VERY_QUICK);
        assertThat(size.current()).isEqualTo(2000);
    }

    @Test
    void aBatchShorterThanTheSizeDoesNotGrowIt() {
        PushBatchSize size = new PushBatchSize(2000);
        size.answered(7, VERY_QUICK);
        assertThat(size.current()).isEqualTo(100);
    }

    @Test
    void aSlowAnswerHalvesAndAMiddlingOneKeeps() {
        PushBatchSize size = new PushBatchSize(2000);
        size.answered(100, SLOW);
        assertThat(size.current()).isEqualTo(50);
        size.answered(50, PushBatchSize.QUICK.plusMillis(100));
        assertThat(size.current()).isEqualTo(50);
        for (int i = 0; i < 10; i++) {
            size.answered(size.current(), SLOW);
        }
        assertThat(size.current()).isEqualTo(1);
    }

    @Test
    void aRefusalAsTooLargeCapsTheRestOfThePushAtHalf() {
        PushBatchSize size = new PushBatchSize(2000);
        size.answered(100, QUICK);
        size.answered(200, QUICK);
        size.refusedAsTooLarge(400);
        assertThat(size.current()).isEqualTo(200);
        size.answered(200, QUICK);
        assertThat(size.current()).isEqualTo(200);
        size.refusedAsTooLarge(1);
        assertThat(size.current()).isEqualTo(1);
    }
}
