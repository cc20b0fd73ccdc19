package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HlcTest {
    private static final long MAX_MILLIS = 999_999_999_999_999L;

    @Test
    void wireFormatIsPaddedMillisCounterAndNode() {
        Hlc hlc = new Hlc(1_732_451_234_567L, 42, "device-1");

        assertThat(hlc.toString()).isEqualTo("001732451234567-00042-device-1");
        assertThat(Hlc.parse("001732451234567-00042-device-1")).isEqualTo(hlc);
    }

    @Test
    void zeroAndMaximumValuesArePaddedToFixedWidth() {
        assertThat(new Hlc(0, 0, "n").toString()).isEqualTo("000000000000000-00000-n");
        assertThat(new Hlc(7, 3, "n").toString()).isEqualTo("000000000000007-00003-n");
        assertThat(new Hlc(MAX_MILLIS, Hlc.MAX_COUNTER, "n").toString()).isEqualTo("999999999999999-99999-n");
        assertThat(Hlc.parse("000000000000000-00000-n")).isEqualTo(new Hlc(0, 0, "n"));
        assertThat(Hlc.parse("999999999999999-99999-n")).isEqualTo(new Hlc(MAX_MILLIS, Hlc.MAX_COUNTER, "n"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "n",
                "6f1c2d3e-0000-4000-8000-000000000000",
                "node-with-many-dashes--",
                "-",
                "ünïcödé",
                "1234567890123456789012345678901234567890123456789012345678901234"
            })
    void roundTripsAnyValidNode(String node) {
        Hlc hlc = new Hlc(1_700_000_000_000L, 99, node);

        Hlc parsed = Hlc.parse(hlc.toString());

        assertThat(parsed).isEqualTo(hlc);
        assertThat(parsed.node()).isEqualTo(node);
        assertThat(parsed.toString()).isEqualTo(hlc.toString());
    }

    @Test
    void stringOrderIsClockOrder() {
        Random random = new Random(TestSeeds.seed("HlcTest.stringOrderIsClockOrder"));
        // Small pools make ties on millis and counter frequent, so the node tie-break is exercised.
        long[] millisPool = {0, 1, 9, 10, 999, 1000, 1_732_451_234_567L, 1_732_451_234_568L, MAX_MILLIS};
        int[] counterPool = {0, 1, 9, 10, 99, 100, Hlc.MAX_COUNTER - 1, Hlc.MAX_COUNTER};
        String[] nodePool = {"a", "ab", "b", "B", "a-b", "-", "0", "z9", "device-10", "device-9", "zz"};
        List<Hlc> hlcs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long millis = random.nextBoolean()
                    ? millisPool[random.nextInt(millisPool.length)]
                    : (long) (random.nextDouble() * MAX_MILLIS);
            int counter = random.nextBoolean()
                    ? counterPool[random.nextInt(counterPool.length)]
                    : random.nextInt(Hlc.MAX_COUNTER + 1);
            String node = nodePool[random.nextInt(nodePool.length)];
            hlcs.add(new Hlc(millis, counter, node));
        }

        for (int i = 0; i < 20_000; i++) {
            Hlc a = hlcs.get(random.nextInt(hlcs.size()));
            Hlc b = hlcs.get(random.nextInt(hlcs.size()));
            assertThat(Integer.signum(a.toString().compareTo(b.toString())))
                    .as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(a.compareTo(b)));
            assertThat(Hlc.parse(a.toString())).isEqualTo(a);
        }
        List<Hlc> byClock = new ArrayList<>(hlcs);
        byClock.sort(Comparator.naturalOrder());
        List<Hlc> byString = new ArrayList<>(hlcs);
        byString.sort(Comparator.comparing(Hlc::toString));
        assertThat(byString).containsExactlyElementsOf(byClock);
    }

    @Test
    void millisDominateCounterAndCounterDominatesNode() {
        assertThat(new Hlc(2, 0, "a")).isGreaterThan(new Hlc(1, Hlc.MAX_COUNTER, "z"));
        assertThat(new Hlc(1, 2, "a")).isGreaterThan(new Hlc(1, 1, "z"));
        assertThat(new Hlc(10, 0, "a").toString()).isGreaterThan(new Hlc(9, 99, "z").toString());
    }

    @Test
    void tieOnMillisAndCounterIsBrokenByNode() {
        Hlc a = new Hlc(1000, 5, "device-a");
        Hlc b = new Hlc(1000, 5, "device-b");

        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(a)).isPositive();
        assertThat(b.isAfter(a)).isTrue();
        assertThat(a.isAfter(b)).isFalse();
        assertThat(a.compareTo(new Hlc(1000, 5, "device-a"))).isZero();
    }

    @Test
    void isAfterTreatsNullAsEarliestAndIsStrict() {
        Hlc hlc = new Hlc(0, 0, "n");

        assertThat(hlc.isAfter(null)).isTrue();
        assertThat(hlc.isAfter(new Hlc(0, 0, "n"))).isFalse();
        assertThat(new Hlc(0, 1, "n").isAfter(hlc)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                // bad length
                "1-00000-n",
                "00000000000001-00000-n",
                "0000000000000001-00000-node",
                "000000000000001-0000-node",
                "000000000000001-000000-node",
                // non-digits
                "00000000000000a-00000-n",
                "000000000000001-0000x-n",
                "+00000000000001-00000-n",
                "-00000000000001-00000-n",
                " 00000000000001-00000-n",
                "000000000000001- 0000-n",
                "٠٠٠٠٠٠٠٠٠٠٠٠٠٠١-٠٠٠٠٠-n",
                // missing or wrong separators
                "000000000000001000000node",
                "000000000000001_00000_node",
                "000000000000001-00000node",
                "000000000000001 00000-node",
                // empty node
                "000000000000001-00000-",
                // node too long (65 characters)
                "000000000000001-00000-12345678901234567890123456789012345678901234567890123456789012345"
            })
    void parseRefusesMalformedText(String text) {
        assertThatThrownBy(() -> Hlc.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeChecksOnConstruction() {
        assertThatThrownBy(() -> new Hlc(-1, 0, "n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("millis");
        assertThatThrownBy(() -> new Hlc(MAX_MILLIS + 1, 0, "n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("millis");
        assertThatThrownBy(() -> new Hlc(0, -1, "n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter");
        assertThatThrownBy(() -> new Hlc(0, Hlc.MAX_COUNTER + 1, "n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter");
        assertThatThrownBy(() -> new Hlc(0, 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hlc(0, 0, "x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hlc(0, 0, null)).isInstanceOf(NullPointerException.class);

        assertThat(new Hlc(0, 0, "x".repeat(64)).node()).hasSize(64);
        assertThat(new Hlc(MAX_MILLIS, Hlc.MAX_COUNTER, "n").millis()).isEqualTo(MAX_MILLIS);
    }

    @Test
    void wireFormatDoesNotDependOnTheDefaultLocale() {
        Locale original = Locale.getDefault(Locale.Category.FORMAT);
        try {
            for (String tag : List.of("ar-EG", "fa-IR", "th-TH-u-nu-thai")) {
                Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag(tag));
                Hlc hlc = new Hlc(1_732_451_234_567L, 7, "n");

                assertThat(hlc.toString()).as(tag).isEqualTo("001732451234567-00007-n");
                assertThat(Hlc.parse(hlc.toString())).as(tag).isEqualTo(hlc);
            }
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, original);
        }
    }
}
