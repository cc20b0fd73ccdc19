package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireInstantTest {
    /** The reference the hand-written code must agree with. */
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsAndParsesLikeTheJavaTimeReferenceAcrossFourDigitYears() {
        Random random = new Random(TestSeeds.seed("formatsAndParsesLikeTheJavaTimeReferenceAcrossFourDigitYears"));
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    first + (long) (random.nextDouble() * (last - first)), random.nextInt(1_000_000_000));
            String expected = REFERENCE.format(instant.truncatedTo(ChronoUnit.MILLIS));
            assertThat(WireInstant.format(instant)).as("format %s", instant).isEqualTo(expected);
            assertThat(WireInstant.parse(expected)).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void edgesOfDaysMonthsAndLeapYears() {
        for (String text : new String[] {
            "1970-01-01T00:00:00.000Z",
            "1969-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00.000Z",
            "2000-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z"
        }) {
            assertThat(WireInstant.format(WireInstant.parse(text))).isEqualTo(text);
            assertThat(WireInstant.parse(text)).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void otherIsoFormsAndFarYearsTakeTheGeneralPath() {
        assertThat(WireInstant.parse("2026-11-24T15:30:00Z")).isEqualTo(Instant.parse("2026-11-24T15:30:00Z"));
        assertThat(WireInstant.parse("2026-11-24T15:30:00.123456Z"))
                .isEqualTo(Instant.parse("2026-11-24T15:30:00.123456Z"));
        assertThat(WireInstant.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isEqualTo(REFERENCE.format(Instant.parse("+10000-01-01T00:00:00Z")));
        assertThat(WireInstant.format(null)).isNull();
        assertThat(WireInstant.parse(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T00:00:00.000Z",
                "2026-13-01T00:00:00.000Z",
                "2026-11-24T25:00:00.000Z",
                "2026-11-24T15:60:00.000Z",
                "2026-11-24T15:30:00.00xZ",
                "2026-11-24 15:30:00.000Z",
                "2026-11-24T15:30:00.000"
            })
    void invalidTextIsRefusedAsBefore(String text) {
        assertThatThrownBy(() -> WireInstant.parse(text)).isInstanceOf(DateTimeException.class);
    }
}
