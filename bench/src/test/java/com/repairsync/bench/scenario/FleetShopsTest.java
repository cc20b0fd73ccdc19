package com.repairsync.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet's shop split: a tenth of the devices in one large shop, the rest in small shops. */
class FleetShopsTest {
    @Test
    void tenThousandDevicesAreOneShopOfAThousandAndShopsOfTwenty() {
        List<Integer> sizes = Fleet.shopSizes(10_000);

        assertThat(sizes.get(0)).isEqualTo(1_000);
        assertThat(sizes.subList(1, sizes.size())).hasSize(450).containsOnly(Fleet.SMALL_SHOP);
    }

    @Test
    void aFewDevicesStillMakeALargeShopAndTheRestFillShopsInTurn() {
        assertThat(Fleet.shopSizes(40)).containsExactly(4, 20, 16);
        assertThat(Fleet.shopSizes(2)).containsExactly(2);
        assertThat(Fleet.shopSizes(25).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(25);
    }
}
