package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /v1/devices/health} (wire version 4): what a device says of its own sync,
 * for the owner's console. A device sends one after syncs and as a heartbeat; the server keeps the
 * latest per device. Ages are measured on the device's own clock, so a device whose clock is wrong
 * still reports them right; {@code deviceTime} lets the server work out how far that clock is off.
 *
 * @param appVersion the app and its version, such as {@code RepairSync Desk 0.9.0} (at most 64)
 * @param platform the operating system and Java runtime (at most 128)
 * @param queueDepth changes waiting to be sent
 * @param oldestUnsentSeconds how long the oldest of them has waited, or null when none waits
 * @param failedCount changes the server refused, waiting in the failed queue for a person
 * @param conflictCount conflicts not yet dismissed
 * @param lastPushSeconds how long ago a push last succeeded, or null if none has on this run
 * @param lastPullSeconds how long ago a pull last succeeded, or null if none has on this run
 * @param actingEmployeeId who is working on the device (the PIN switch), or null
 * @param deviceTime the device's clock when it made the report ({@link WireInstant})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceHealth(
        String appVersion,
        String platform,
        int queueDepth,
        Long oldestUnsentSeconds,
        int failedCount,
        int conflictCount,
        Long lastPushSeconds,
        Long lastPullSeconds,
        String actingEmployeeId,
        String deviceTime) {

    /** Longest {@link #appVersion} the server takes. */
    public static final int MAX_APP_VERSION = 64;
    /** Longest {@link #platform} the server takes. */
    public static final int MAX_PLATFORM = 128;
}
