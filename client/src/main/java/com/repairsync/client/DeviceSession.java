package com.repairsync.client;

import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.internal.StepUps;
import com.repairsync.client.internal.StoredTokens;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's sign-in: joining a shop (tokens and identity stored, the server's certificate pinned
 * first), signing out, and the certificate pin. The tokens themselves are read and rotated by
 * {@link StoredTokens}.
 */
final class DeviceSession {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final ServerTrust trust;
    private final String serverUrl;
    private final Clock clock;
    private final StepUps stepUps;

    DeviceSession(
            LocalDatabase db,
            SyncTransport transport,
            ServerTrust trust,
            String serverUrl,
            Clock clock,
            StepUps stepUps) {
        this.db = db;
        this.transport = transport;
        this.trust = trust;
        this.serverUrl = serverUrl;
        this.clock = clock;
        this.stepUps = stepUps;
    }

    /** The certificate a device pinned, or first use until a TLS connection settles it. */
    static ServerTrust storedTrust(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SERVER_CERTIFICATE))
                .map(ServerTrust::pinned)
                .orElseGet(ServerTrust::firstUse);
    }

    /** What a join did: the session, and whether the device joined for the first time. */
    record Joined(SyncTransport.Session session, boolean first) {}

    /** See {@link RepairSyncDevice#join(String, String, String, String)}; stores the session. */
    Joined join(String email, String password, String deviceName, String expectedFingerprint) {
        if (expectedFingerprint != null) {
            trust.expect(expectedFingerprint);
        }
        String knownDevice = info(DeviceInfo.DEVICE_ID).orElse(null);
        SyncTransport.Session session = transport.login(email, password, deviceName, knownDevice);
        if (knownDevice != null && !knownDevice.equals(session.deviceId())) {
            throw new IllegalStateException("the server gave this device a new id; open a new device database");
        }
        // Pinned before the tokens are stored: a device never holds tokens for an unpinned server.
        pinOnFirstUse();
        StoredTokens.storeSession(db, session, clock.instant());
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.DEVICE_NAME, deviceName);
            DeviceInfo.put(tx, DeviceInfo.SERVER_URL, serverUrl);
            return null;
        });
        return new Joined(session, knownDevice == null);
    }

    /**
     * Worker thread: asks the server to revoke the login, then forgets the tokens and acting
     * employee and runs {@code forgotten}; nothing if the device holds no sign-in.
     *
     * @return whether the server revoked the login
     */
    boolean signOut(Runnable forgotten) {
        Optional<String> refreshToken = info(DeviceInfo.REFRESH_TOKEN);
        if (refreshToken.isEmpty()) {
            return false;
        }
        boolean revoked = false;
        try {
            transport.logout(refreshToken.get());
            revoked = true;
        } catch (TransportException e) {
            log.info("could not tell the server about the sign-out: {}", e.getMessage());
        }
        stepUps.clear();
        db.transaction(tx -> {
            tx.update(
                    "DELETE FROM device_info WHERE key IN (?, ?, ?, ?, ?, ?)",
                    DeviceInfo.ACCESS_TOKEN,
                    DeviceInfo.REFRESH_TOKEN,
                    DeviceInfo.ACCESS_EXPIRES_AT,
                    DeviceInfo.ACTING_EMPLOYEE,
                    DeviceInfo.SIGNED_IN_EMPLOYEE,
                    DeviceInfo.SIGNED_IN_ROLE);
            // The shop's history was the signer's to read: the next sign-in fetches its own.
            com.repairsync.client.internal.LocalHistory.forget(tx);
            return null;
        });
        forgotten.run();
        return revoked;
    }

    /**
     * Confirms {@code actor}'s password with the server and keeps the confirmation in memory for
     * as long as it lasts; returns how many queued changes it releases.
     */
    int confirmPassword(String actor, String password) {
        SyncTransport.StepUp confirmed = transport.stepUp(actor, password);
        Instant now = clock.instant();
        stepUps.confirmed(actor, confirmed.token(), now.plusSeconds(confirmed.expiresInSeconds()));
        return db.transaction(tx -> Outbox.confirmed(tx, actor));
    }

    /** See {@link RepairSyncDevice#serverCertificate()}. */
    Optional<String> serverCertificate() {
        return trust.pin();
    }

    /** See {@link RepairSyncDevice#repinCertificate(String)}. */
    String repin(String fingerprint) {
        String pinned = trust.repin(fingerprint);
        storePin(pinned);
        log.info("pinned server certificate {}", pinned);
        return pinned;
    }

    /** Stores the pin the first TLS connection settled on; nothing to do over http or once pinned. */
    void pinOnFirstUse() {
        if (trust.pin().isPresent() || trust.presentedFingerprint().isEmpty()) {
            return;
        }
        String pinned = trust.settle();
        storePin(pinned);
        log.info("pinned server certificate {} on first use", pinned);
    }

    private void storePin(String pinned) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.SERVER_CERTIFICATE, pinned);
            return null;
        });
    }

    /** See {@link RepairSyncDevice#identity()}. */
    DeviceIdentity identity() {
        return db.transaction(tx -> {
            Function<String, String> info = key -> {
                try {
                    return DeviceInfo.get(tx, key).orElse(null);
                } catch (SQLException e) {
                    throw new LocalStoreException("device database: " + e.getMessage(), e);
                }
            };
            String signedIn = info.apply(DeviceInfo.SIGNED_IN_EMPLOYEE);
            String acting = info.apply(DeviceInfo.ACTING_EMPLOYEE);
            return new DeviceIdentity(
                    info.apply(DeviceInfo.SERVER_URL),
                    info.apply(DeviceInfo.SHOP_ID),
                    info.apply(DeviceInfo.DEVICE_ID),
                    info.apply(DeviceInfo.DEVICE_NAME),
                    signedIn,
                    info.apply(DeviceInfo.SIGNED_IN_ROLE),
                    acting != null ? acting : signedIn,
                    DeviceInfo.cursor(tx),
                    info.apply(DeviceInfo.REFRESH_TOKEN) != null);
        });
    }

    /** True once the device joined a shop (and has not signed out). */
    boolean joined() {
        return info(DeviceInfo.REFRESH_TOKEN).isPresent();
    }

    private Optional<String> info(String key) {
        return db.transaction(tx -> DeviceInfo.get(tx, key));
    }
}
