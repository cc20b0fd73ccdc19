package com.repairsync.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShopClocksTest {
    private final MutableClock wall = MutableClock.atNow();

    @Test
    void oneShopsFarFutureHlcDoesNotMoveAnotherShopsClock() {
        ShopClocks clocks = new ShopClocks(wall, "server");
        Hlc future = new Hlc(wall.millis() + Duration.ofDays(1).toMillis(), 7, "skewed-tablet");

        clocks.of("shop-a").receive(future);

        assertThat(clocks.of("shop-a").now()).isGreaterThan(future);
        assertThat(clocks.of("shop-b").now().millis()).isEqualTo(wall.millis());
    }

    @Test
    void aShopKeepsItsClock() {
        ShopClocks clocks = new ShopClocks(wall, "server");
        HlcClock first = clocks.of("shop-a");

        assertThat(clocks.of("shop-a")).isSameAs(first);
    }

    @Test
    void aForgottenShopsClockRestartsAfterEverythingItIssued() {
        ShopClocks clocks = new ShopClocks(wall, "server", 2);
        Hlc future = new Hlc(wall.millis() + Duration.ofHours(3).toMillis(), 0, "skewed-tablet");
        clocks.of("shop-a").receive(future);
        Hlc lastIssued = clocks.of("shop-a").now();

        clocks.of("shop-b").now();
        clocks.of("shop-c").now(); // shop-a is the least recently used of three: forgotten
        HlcClock restarted = clocks.of("shop-a");

        assertThat(restarted.now()).isGreaterThan(lastIssued);
    }

    @Test
    void theLeastRecentlyUsedShopIsTheOneForgotten() {
        ShopClocks clocks = new ShopClocks(wall, "server", 2);
        HlcClock a = clocks.of("shop-a");
        clocks.of("shop-b");
        clocks.of("shop-a"); // used again: shop-b is now the least recently used
        clocks.of("shop-c");

        assertThat(clocks.of("shop-a")).isSameAs(a);
    }

    @Test
    void onlyForgettingMovesTheFloor() {
        ShopClocks clocks = new ShopClocks(wall, "server", 2);
        Hlc future = new Hlc(wall.millis() + Duration.ofHours(3).toMillis(), 0, "skewed-tablet");
        clocks.of("shop-a").receive(future);
        clocks.of("shop-b");

        assertThat(clocks.of("shop-b").now().millis()).isEqualTo(wall.millis());
        clocks.of("shop-c"); // forgets shop-a, whose clock was three hours ahead
        assertThat(clocks.of("shop-d").now()).isGreaterThan(future);
    }
}
