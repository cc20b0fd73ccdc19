package com.repairsync.server.realtime;

import com.repairsync.server.auth.Sessions;
import com.repairsync.server.auth.SignInEndings;

/**
 * Ends sign-ins at once on every node: forgets the cached generations, closes the affected
 * sockets here, and tells the other nodes to do the same. A node whose channel reconnects forgets
 * every cached generation (it may have missed a message), see {@link #listening()}.
 */
public final class SignInEnder implements SignInEndings {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SignInEnder.class);
    /** The close code of a socket whose sign-in ended: the device reconnects and hears why (401). */
    static final int POLICY_VIOLATION = 1008;

    private final Sessions sessions;
    private final RealtimeHub hub;

    public SignInEnder(Sessions sessions, RealtimeHub hub) {
        this.sessions = sessions;
        this.hub = hub;
        hub.onEndedElsewhere(this::endHere);
    }

    @Override
    public void employee(String shopId, String employeeId, String reason) {
        endHere(shopId, employeeId, null, reason);
        hub.publishEnded(shopId, employeeId, null, reason);
    }

    @Override
    public void device(String shopId, String deviceId, String reason) {
        endHere(shopId, null, deviceId, reason);
        hub.publishEnded(shopId, null, deviceId, reason);
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Called when this node (re)starts listening to the other nodes. */
    public void listening() {
        sessions.forgetAll();
    }

    private void endHere(String shopId, String employeeId, String deviceId, String reason) {
        log.info("sign-in ended: shop={} employee={} device={} ({})", shopId, employeeId, deviceId, reason);
        if (employeeId != null) {
            sessions.forgetEmployee(shopId, employeeId);
            hub.closeSockets(
                    shopId, principal -> principal.employeeId().equals(employeeId), POLICY_VIOLATION, "sign-in ended");
        }
        if (deviceId != null) {
            sessions.forgetDevice(shopId, deviceId);
            hub.closeSockets(
                    shopId, principal -> principal.deviceId().equals(deviceId), POLICY_VIOLATION, "sign-in ended");
        }
    }
}
