package com.repairsync.server.auth;

/**
 * Told after a commit that ended sign-ins, so they end at once everywhere: every node forgets the
 * cached generations and closes the affected sockets. Called after the transaction committed;
 * never throws for a node it cannot reach (that node forgets everything when its channel
 * reconnects).
 */
public interface SignInEndings {
    /** Every sign-in of the employee ended (password reset, deactivated, deleted, new role). */
    void employee(String shopId, String employeeId, String reason);

    /** The device's sign-in ended (logout) or the device was removed from the shop. */
    void device(String shopId, String deviceId, String reason);

    /** For a server without sockets or other nodes: only the local cache is told. */
    static SignInEndings local(Sessions sessions) {
        return new SignInEndings() {
            @Override
            public void employee(String shopId, String employeeId, String reason) {
                sessions.forgetEmployee(shopId, employeeId);
            }

            @Override
            public void device(String shopId, String deviceId, String reason) {
                sessions.forgetDevice(shopId, deviceId);
            }
        };
    }
}
