package com.repairsync.cli.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.cli.CliException;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.PinCost;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test-only PIN cost: the policy unless set, and a clear refusal of a bad value. */
class TestPinCostTest {

    @Test
    void unsetMeansThePolicy() {
        assertThat(TestPinCost.apply(DeviceOptions.defaults(), Map.of()).pinCost())
                .isEqualTo(PinCost.POLICY);
    }

    @Test
    void aCostIsMemoryIterationsAndLanes() {
        DeviceOptions options = TestPinCost.apply(DeviceOptions.defaults(), Map.of(TestPinCost.VARIABLE, "64, 1, 1"));
        assertThat(options.pinCost()).isEqualTo(new PinCost(64, 1, 1));
        assertThat(options.pinCost().belowPolicy()).isTrue();
    }

    @Test
    void aBadValueNamesTheVariable() {
        for (String bad : new String[] {"64,1", "a,b,c", "0,1,1", "64,0,1"}) {
            assertThatThrownBy(() -> TestPinCost.apply(DeviceOptions.defaults(), Map.of(TestPinCost.VARIABLE, bad)))
                    .as(bad)
                    .isInstanceOf(CliException.class)
                    .hasMessageStartingWith(TestPinCost.VARIABLE + ": ");
        }
    }
}
