package com.repairsync.server.console;

import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.DeviceRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What needs the owner's attention now, drawn from the devices' reports and the shop's hourly
 * counts: a device whose changes have waited to be sent for over {@link #UNSENT_FOR}, a device not
 * heard from for {@link #UNSEEN_FOR}, and a spike of rejected changes. Revoked devices raise none.
 */
public final class Alerts {
    public static final Duration UNSENT_FOR = Duration.ofHours(1);
    public static final Duration UNSEEN_FOR = Duration.ofHours(24);
    /** Rejections in the last hour at least this many, and {@link #SPIKE_FACTOR} times the day's hourly mean, are a spike. */
    public static final long SPIKE_MIN = 10;

    public static final long SPIKE_FACTOR = 3;
    /** The hours before the last one whose mean rejections a spike is measured against. */
    static final int BASELINE_HOURS = 24;

    /** What the alert is about. */
    public enum Kind {
        UNSENT("unsent"),
        UNSEEN("unseen"),
        REJECTIONS("rejections");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /**
     * One alert.
     *
     * @param deviceId the device it is about, or null for the shop
     * @param since when the condition began (the oldest unsent change, the last time seen, the hour
     *     of the spike)
     * @param detail what is wrong, in a sentence
     */
    public record Alert(Kind kind, String deviceId, String deviceName, Instant since, String detail) {}

    private Alerts() {}

    /**
     * The alerts of a shop now, oldest condition first.
     *
     * @param health the latest report of each device, by device id
     * @param counters the shop's counters of the last {@link #BASELINE_HOURS} hours and the current one
     */
    public static List<Alert> of(
            Instant now, List<DeviceRow> devices, Map<String, DeviceHealthRow> health, List<CounterRow> counters) {
        List<Alert> alerts = new ArrayList<>();
        for (DeviceRow device : devices) {
            if (device.revoked()) {
                continue;
            }
            DeviceHealthRow report = health.get(device.id());
            if (report != null
                    && report.oldestUnsentSince() != null
                    && !report.oldestUnsentSince().isAfter(now.minus(UNSENT_FOR))) {
                alerts.add(new Alert(
                        Kind.UNSENT,
                        device.id(),
                        device.name(),
                        report.oldestUnsentSince(),
                        report.queueDepth() + " changes not sent, the oldest for "
                                + hours(Duration.between(report.oldestUnsentSince(), now))));
            }
            if (device.lastSeenAt() != null && !device.lastSeenAt().isAfter(now.minus(UNSEEN_FOR))) {
                alerts.add(new Alert(
                        Kind.UNSEEN,
                        device.id(),
                        device.name(),
                        device.lastSeenAt(),
                        "not seen for " + hours(Duration.between(device.lastSeenAt(), now))));
            }
        }
        rejectionSpike(now, counters).ifPresent(alerts::add);
        alerts.sort(Comparator.comparing(Alert::since));
        return alerts;
    }

    /** A spike: the last hour's rejections against the mean of the hours before it. */
    private static java.util.Optional<Alert> rejectionSpike(Instant now, List<CounterRow> counters) {
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        Instant baselineFrom = current.minus(BASELINE_HOURS, ChronoUnit.HOURS);
        long recent = 0;
        long before = 0;
        for (CounterRow row : counters) {
            if (!row.name().equals(SyncAnalytics.REJECTED)) {
                continue;
            }
            if (!row.hour().isBefore(current)) {
                recent += row.value();
            } else if (!row.hour().isBefore(baselineFrom)) {
                before += row.value();
            }
        }
        double mean = (double) before / BASELINE_HOURS;
        if (recent < SPIKE_MIN || recent < SPIKE_FACTOR * mean) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Alert(
                Kind.REJECTIONS,
                null,
                null,
                current,
                recent + " changes rejected this hour, against " + String.format(java.util.Locale.ROOT, "%.1f", mean)
                        + " an hour over the day before"));
    }

    private static String hours(Duration duration) {
        long hours = duration.toHours();
        return hours >= 48 ? duration.toDays() + " days" : hours + (hours == 1 ? " hour" : " hours");
    }
}
