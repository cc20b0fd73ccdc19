package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.DeviceRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:30:00Z");
    private static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);

    @Test
    void aDeviceUnseenForADayRaisesAnAlertAndARemovedOneNone() {
        DeviceRow quiet = device("quiet", NOW.minus(Duration.ofHours(25)), null);
        DeviceRow recent = device("recent", NOW.minus(Duration.ofHours(23)), null);
        DeviceRow removed = device("removed", NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)));

        List<Alerts.Alert> alerts = Alerts.of(NOW, List.of(quiet, recent, removed), Map.of(), List.of());

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alerts.Kind.UNSEEN);
            assertThat(alert.deviceId()).isEqualTo("quiet");
            assertThat(alert.detail()).isEqualTo("not seen for 25 hours");
        });
    }

    @Test
    void changesUnsentForAnHourRaiseAnAlertAndNotBefore() {
        DeviceRow late = device("late", NOW, null);
        DeviceRow fine = device("fine", NOW, null);
        Map<String, DeviceHealthRow> health = Map.of(
                "late", health("late", NOW.minus(Duration.ofMinutes(61))),
                "fine", health("fine", NOW.minus(Duration.ofMinutes(59))));

        List<Alerts.Alert> alerts = Alerts.of(NOW, List.of(late, fine), health, List.of());

        assertThat(alerts).extracting(Alerts.Alert::deviceId).containsExactly("late");
        assertThat(alerts.get(0).detail()).isEqualTo("4 changes not sent, the oldest for 1 hour");
    }

    @Test
    void rejectionsAreASpikeOnlyAgainstTheDayBefore() {
        List<CounterRow> steady = new ArrayList<>();
        for (int hour = 1; hour <= Alerts.BASELINE_HOURS; hour++) {
            steady.add(rejected(HOUR.minus(hour, ChronoUnit.HOURS), 10));
        }
        steady.add(rejected(HOUR, 25)); // 2.5 times the mean of 10

        assertThat(Alerts.of(NOW, List.of(), Map.of(), steady)).isEmpty();

        steady.add(rejected(HOUR, 5)); // 30: three times the mean
        assertThat(Alerts.of(NOW, List.of(), Map.of(), steady)).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Alerts.Kind.REJECTIONS);
            assertThat(alert.since()).isEqualTo(HOUR);
            assertThat(alert.detail())
                    .isEqualTo("30 changes rejected this hour, against 10.0 an hour over the day before");
        });
        assertThat(Alerts.of(NOW, List.of(), Map.of(), List.of(rejected(HOUR, Alerts.SPIKE_MIN - 1))))
                .as("a few rejections on a quiet day are no spike")
                .isEmpty();
    }

    private static DeviceRow device(String id, Instant lastSeen, Instant revokedAt) {
        return new DeviceRow(id, "shop", id + " tablet", "emp", 0, lastSeen, lastSeen, revokedAt, null, false);
    }

    private static DeviceHealthRow health(String deviceId, Instant oldestUnsent) {
        return new DeviceHealthRow(
                "shop", deviceId, NOW, "app", "sdk", 4, "linux", 4, oldestUnsent, 0, 0, 0, null, null, null);
    }

    private static CounterRow rejected(Instant hour, long count) {
        return new CounterRow(hour, "device", SyncAnalytics.REJECTED, count);
    }
}
