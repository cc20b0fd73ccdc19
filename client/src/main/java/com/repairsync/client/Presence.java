package com.repairsync.client;

import java.util.List;

/**
 * Who of the shop is online, as the realtime socket last told it.
 *
 * <p>A server of wire version 7 or later sends a shop's changes of a short window together; the
 * device still tells its listeners one change at a time, in order.
 *
 * @param event {@code snapshot} (the full list, when the socket opens), {@code online} or {@code
 *     offline} (one device came or went), {@code acting} (another employee switched in on a device),
 *     {@code disconnected} (the socket closed)
 * @param device the device that came, went or switched, or null for a snapshot or a disconnect
 * @param online every device online now, this one included
 */
public record Presence(String event, OnlineDevice device, List<OnlineDevice> online) {

    /**
     * A device with an open realtime socket, and the employee acting on it: the one who last
     * switched in by PIN, else the one who signed it in.
     */
    public record OnlineDevice(String deviceId, String deviceName, String employeeId) {}
}
