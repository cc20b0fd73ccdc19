package com.repairsync.client;

/**
 * Who a device is: where it syncs, which shop it joined, who signed it in and who acts on it now.
 * Fields are null before the device joined a shop.
 *
 * @param serverUrl the sync server the device joined through
 * @param shopId the shop's id
 * @param deviceId the id the server gave this device
 * @param deviceName the name given at join, as others see it in presence
 * @param signedInEmployeeId the employee whose password signed the device in
 * @param signedInRole that employee's role at sign-in
 * @param actingEmployeeId the employee every write is recorded for (after a PIN switch)
 * @param cursor the last change of the shop this device has pulled
 * @param signedIn whether the device holds a session; a signed-out device keeps its data and queue
 */
public record DeviceIdentity(
        String serverUrl,
        String shopId,
        String deviceId,
        String deviceName,
        String signedInEmployeeId,
        String signedInRole,
        String actingEmployeeId,
        long cursor,
        boolean signedIn) {}
