package com.repairsync.client.internal;

import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TokenSource;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.WireInstant;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The device's {@link TokenSource}: the token pair stored in the device database, rotated through
 * the device's transport when the server refuses the access token. The new pair is stored before
 * it is used. When the server refuses the refresh token the sign-in is over: the device forgets its
 * tokens, remembers why, and makes no more requests until someone joins it again.
 */
public final class StoredTokens implements TokenSource {
    private final LocalDatabase db;
    private final Clock clock;
    private final Function<String, SyncTransport.Session> refresh;
    private final Consumer<Set<String>> recordsChanged;
    private final HeldSurrender held;
    private final Runnable wipe;

    /**
     * @param refresh rotates a refresh token ({@code POST /v1/auth/refresh} through the device's transport)
     * @param recordsChanged told when the sign-in ended, with the records whose queued changes failed
     *     when the device was removed
     * @param held sends up what a removed device had not sent
     * @param wipe deletes the device's data, once a removed device sent everything up and the shop
     *     asked it to
     */
    public StoredTokens(
            LocalDatabase db,
            Clock clock,
            Function<String, SyncTransport.Session> refresh,
            Consumer<Set<String>> recordsChanged,
            HeldSurrender held,
            Runnable wipe) {
        this.db = db;
        this.clock = clock;
        this.refresh = refresh;
        this.recordsChanged = recordsChanged;
        this.held = held;
        this.wipe = wipe;
    }

    /** {@inheritDoc} The stored one; none before a join or after the sign-in ended. */
    @Override
    public String accessToken() {
        return stored(DeviceInfo.ACCESS_TOKEN);
    }

    /**
     * {@inheritDoc} Rotates the stored pair unless another request already did.
     *
     * @throws UnauthorizedException if the server refused the refresh token: the sign-in ended
     */
    @Override
    public synchronized String refreshed(String refused, UnauthorizedException refusal) {
        String current = accessToken();
        if (!current.equals(refused)) {
            return current;
        }
        String refreshToken = stored(DeviceInfo.REFRESH_TOKEN);
        SyncTransport.Session session;
        try {
            session = refresh.apply(refreshToken);
        } catch (UnauthorizedException ended) {
            endSignIn(ended, refreshToken);
            throw ended;
        }
        storeSession(db, session, clock.instant());
        return session.accessToken();
    }

    private String stored(String key) {
        return db.transaction(tx -> DeviceInfo.get(tx, key)).orElseThrow(this::notSignedIn);
    }

    /** Why the device may not sync: the reason its sign-in ended, or that it never joined. */
    private UnauthorizedException notSignedIn() {
        surrenderOwed();
        return signedOutReason(db)
                .map(reason -> new UnauthorizedException(ErrorCode.SESSION_REVOKED, reason))
                .orElseGet(() -> new UnauthorizedException("this device has not joined a shop"));
    }

    /** Why the server ended this device's sign-in, if it did. */
    public static Optional<String> signedOutReason(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SIGNED_OUT_REASON));
    }

    /**
     * The server ended the sign-in. The tokens are forgotten (they are useless, and a copy of the
     * database then holds none), and so is the shop's history a manager's device kept. The queue stays: after a password reset or a signer's new role
     * it goes out once an admin or manager signs the device in again. A device removed from the
     * shop never syncs again under its id, so its queued changes move to the failed queue with the
     * reason, where a person sees them and nothing is lost, and it sends them up for the shop to
     * review ({@link HeldSurrender}).
     */
    private void endSignIn(UnauthorizedException ended, String refreshToken) {
        Instant now = clock.instant();
        boolean removed = ended.code() == ErrorCode.DEVICE_REVOKED;
        String reason = removed
                ? ended.getMessage()
                : "signed out by the server: " + ended.getMessage() + " (an admin or manager must sign this device in"
                        + " again; queued changes wait)";
        Set<String> changed = new HashSet<>();
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.SIGNED_OUT_REASON, reason);
            tx.update(
                    "DELETE FROM device_info WHERE key IN (?, ?, ?)",
                    DeviceInfo.ACCESS_TOKEN,
                    DeviceInfo.REFRESH_TOKEN,
                    DeviceInfo.ACCESS_EXPIRES_AT);
            LocalHistory.forget(tx); // the history copy was the ended sign-in's to read
            if (removed) {
                HeldSurrender.owe(tx, refreshToken);
                for (OutboxEntry entry : Outbox.pending(tx)) {
                    Outbox.markFailed(tx, entry.mutationId(), ErrorCode.DEVICE_REVOKED.wireName(), reason, null, now);
                    Records.rebase(tx, entry.entity(), entry.recordId(), now);
                    changed.add(entry.entity() + "/" + entry.recordId());
                }
            }
            return null;
        });
        recordsChanged.accept(changed); // even none: the device's state changed, its sign-in ended
        if (removed) {
            surrenderOwed();
        }
    }

    /** A removed device sends up what it held, if it still owes it, and wipes itself when the shop asked. */
    private void surrenderOwed() {
        if (held.sendOwed() == HeldSurrender.Outcome.SENT_WIPE) {
            wipe.run();
        }
    }

    /** Stores a session's tokens and identity, and forgets why an earlier sign-in ended. */
    public static void storeSession(LocalDatabase db, SyncTransport.Session session, Instant now) {
        db.transaction(tx -> {
            tx.update("DELETE FROM device_info WHERE key = ?", DeviceInfo.SIGNED_OUT_REASON);
            DeviceInfo.put(tx, DeviceInfo.ACCESS_TOKEN, session.accessToken());
            DeviceInfo.put(tx, DeviceInfo.REFRESH_TOKEN, session.refreshToken());
            DeviceInfo.put(
                    tx, DeviceInfo.ACCESS_EXPIRES_AT, WireInstant.format(now.plusSeconds(session.expiresInSeconds())));
            DeviceInfo.put(tx, DeviceInfo.SHOP_ID, session.shopId());
            DeviceInfo.put(tx, DeviceInfo.DEVICE_ID, session.deviceId());
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_EMPLOYEE, session.employeeId());
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_ROLE, session.role());
            return null;
        });
    }
}
