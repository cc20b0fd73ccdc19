package com.repairsync.client.internal;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device removed from the shop sends up every change it had not sent (queued or failed), so an
 * admin or manager sees it and applies or discards it: nothing a person saved vanishes unseen. It
 * proves who it is with the refresh token it held when it was removed, kept for this alone until
 * the server has everything; the server's answer says whether the shop asked the device to delete
 * its data. Until the server is reached, the device keeps the token and tries again at its next
 * sync.
 */
public final class HeldSurrender {
    private static final Logger log = LoggerFactory.getLogger(HeldSurrender.class);
    /** Changes per request. */
    static final int BATCH = 500;

    /** How sending up went. */
    public enum Outcome {
        /** Nothing owed: the device was not removed, or already sent everything. */
        NOTHING_OWED,
        /** The server has every change; the device keeps its data. */
        SENT,
        /** The server has every change and asks the device to delete its data. */
        SENT_WIPE,
        /** The server could not be reached or was busy: tried again at the next sync. */
        NOT_NOW,
        /** The server refused (too many changes, or not this device's token): the device keeps its data. */
        REFUSED
    }

    private final LocalDatabase db;
    private final BiFunction<String, List<Mutation>, SyncTransport.Surrendered> send;

    /** @param send {@code POST /v1/devices/held} through the device's transport */
    public HeldSurrender(LocalDatabase db, BiFunction<String, List<Mutation>, SyncTransport.Surrendered> send) {
        this.db = db;
        this.send = send;
    }

    /** Keeps the refresh token the device held when it was removed, in the transaction that forgets its tokens. */
    public static void owe(LocalDatabase.Tx tx, String refreshToken) throws java.sql.SQLException {
        DeviceInfo.put(tx, DeviceInfo.SURRENDER_TOKEN, refreshToken);
    }

    /** Whether the shop asked this device to delete its data, and it sent everything up. */
    public static boolean wipeRequested(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.WIPE_REQUESTED))
                .isPresent();
    }

    /** Sends up what the device holds, if it owes it. */
    public Outcome sendOwed() {
        Optional<String> token = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SURRENDER_TOKEN));
        if (token.isEmpty()) {
            return Outcome.NOTHING_OWED;
        }
        List<Mutation> held = db.transaction(tx -> {
            List<Mutation> all = new ArrayList<>();
            Outbox.pending(tx).forEach(entry -> all.add(entry.wire(null)));
            Outbox.failed(tx).forEach(entry -> all.add(entry.wire(null)));
            return all;
        });
        boolean wipe = false;
        try {
            // At least one request, empty when nothing is held: its answer says whether to wipe.
            int from = 0;
            do {
                wipe = send.apply(token.get(), held.subList(from, Math.min(held.size(), from + BATCH)))
                        .wipe();
                from += BATCH;
            } while (from < held.size());
        } catch (OfflineException | ServerBusyException notNow) {
            log.info(
                    "removed from the shop; {} unsent changes go up at the next sync: {}",
                    held.size(),
                    notNow.getMessage());
            return Outcome.NOT_NOW;
        } catch (TransportException | UnsupportedOperationException refused) {
            log.warn(
                    "removed from the shop; the server did not take the {} unsent changes, which stay here: {}",
                    held.size(),
                    refused.getMessage());
            forget(false);
            return Outcome.REFUSED;
        }
        forget(wipe);
        log.info("removed from the shop; sent up {} unsent changes for review{}", held.size(), wipe ? "; wiping" : "");
        return wipe ? Outcome.SENT_WIPE : Outcome.SENT;
    }

    private void forget(boolean wipe) {
        db.transaction(tx -> {
            tx.update("DELETE FROM device_info WHERE key = ?", DeviceInfo.SURRENDER_TOKEN);
            if (wipe) {
                DeviceInfo.put(tx, DeviceInfo.WIPE_REQUESTED, "true");
            }
            return null;
        });
    }
}
