package com.repairsync.server.store;

import java.time.Instant;

/**
 * The latest health report of a device, on the server's clock.
 *
 * @param sdkVersion the SDK the device named in its request header, or null
 * @param protocol the wire version the device spoke
 * @param oldestUnsentSince when the oldest change still waiting on the device was made, or null
 * @param clockOffsetMillis how far the device's clock was ahead of the server's (negative: behind)
 * @param lastPushAt when a push last succeeded, or null
 * @param lastPullAt when a pull last succeeded, or null
 * @param actingEmployeeId who was working on the device, or null
 */
public record DeviceHealthRow(
        String shopId,
        String deviceId,
        Instant reportedAt,
        String appVersion,
        String sdkVersion,
        int protocol,
        String platform,
        int queueDepth,
        Instant oldestUnsentSince,
        int failedCount,
        int conflictCount,
        long clockOffsetMillis,
        Instant lastPushAt,
        Instant lastPullAt,
        String actingEmployeeId) {}
