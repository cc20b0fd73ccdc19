package com.repairsync.server.console;

import com.repairsync.protocol.DeviceHealth;
import com.repairsync.protocol.WireInstant;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes the health reports devices send ({@code POST /v1/devices/health}) and keeps the latest of
 * each device, on the server's clock: an age the device measured becomes the instant it is that
 * long before the report arrived, and the device's clock reading gives its offset from the server.
 */
public final class DeviceReports {
    private final Store store;
    private final Clock clock;
    private final SyncAnalytics analytics;

    public DeviceReports(Store store, Clock clock, SyncAnalytics analytics) {
        this.store = store;
        this.clock = clock;
        this.analytics = analytics;
    }

    /**
     * Stores the report of the caller's device (a checked {@link DeviceHealth}) and marks the device
     * seen.
     *
     * @param sdkVersion the SDK the request's header named, or null
     * @param protocol the wire version the request spoke
     */
    public void report(Principal principal, DeviceHealth report, String sdkVersion, int protocol) {
        Instant now = clock.instant();
        long offset =
                Duration.between(now, WireInstant.parse(report.deviceTime())).toMillis();
        DeviceHealthRow row = new DeviceHealthRow(
                principal.shopId(),
                principal.deviceId(),
                now,
                report.appVersion(),
                sdkVersion,
                protocol,
                report.platform(),
                report.queueDepth(),
                ago(now, report.oldestUnsentSeconds()),
                report.failedCount(),
                report.conflictCount(),
                offset,
                ago(now, report.lastPushSeconds()),
                ago(now, report.lastPullSeconds()),
                report.actingEmployeeId());
        store.write(tx -> {
            tx.saveDeviceHealth(row);
            tx.markDeviceSeen(principal.shopId(), principal.deviceId(), now);
            return null;
        });
        analytics.failedQueue(principal.shopId(), principal.deviceId(), report.failedCount());
    }

    private static Instant ago(Instant now, Long seconds) {
        return seconds == null ? null : now.minusSeconds(seconds);
    }
}
