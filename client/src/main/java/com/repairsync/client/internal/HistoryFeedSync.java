package com.repairsync.client.internal;

import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.Role;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * After a sync, brings a manager's or admin's offline copy of the shop's recent history up to date
 * ({@link LocalHistory}): feed pages after the stored cursor, at most {@link #PAGES_PER_SYNC} per
 * sync, each stored with its cursor in one transaction, entries older than the server's window
 * pruned. A device signed in by another role keeps none: it forgets what it kept, as it does when
 * the server refuses the feed (403). A server before wire version 6 (404), or a transport without
 * the feed, is not asked again while this engine runs.
 *
 * <p>History takes the change's sequence, so while the pull cursor has not moved since the feed was
 * last read to its end there is nothing new to fetch: the device then only prunes.
 */
final class HistoryFeedSync {
    /** Entries a feed page asks for (the server's maximum is 1000). */
    static final int PAGE_SIZE = 500;

    /** Feed pages at most per sync: a device far behind catches up over the next syncs. */
    static final int PAGES_PER_SYNC = 10;

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    /** Set when the server (or transport) has no feed; for this engine's life. */
    private boolean unavailable;

    HistoryFeedSync(LocalDatabase db, SyncTransport transport, Clock clock) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Reads the feed after a successful pull.
     *
     * @throws com.repairsync.client.transport.TransportException as the feed request does (offline,
     *     busy, unauthorized), except 403 and 404, which it answers as described above
     */
    void afterSync() {
        if (unavailable) {
            return;
        }
        Instant now = clock.instant();
        boolean due = db.serverStateTransaction(tx -> {
            if (!managesShop(tx)) {
                if (LocalHistory.kept(tx)) {
                    LocalHistory.forget(tx);
                }
                return false;
            }
            LocalHistory.prune(tx, now);
            return !LocalHistory.kept(tx)
                    || !DeviceInfo.get(tx, DeviceInfo.HISTORY_PULL_MARK).equals(DeviceInfo.get(tx, DeviceInfo.CURSOR));
        });
        if (due) {
            fetch(now);
        }
    }

    private void fetch(Instant now) {
        long after = db.transaction(LocalHistory::cursor);
        for (int page = 0; page < PAGES_PER_SYNC; page++) {
            HistoryFeed feed;
            try {
                feed = transport.historyFeed(after, PAGE_SIZE);
            } catch (RequestRejectedException e) {
                if (e.status() == 403) {
                    db.serverStateTransaction(tx -> {
                        LocalHistory.forget(tx);
                        return null;
                    });
                    return;
                }
                if (e.status() == 404) {
                    unavailable = true; // a server before wire version 6
                    return;
                }
                throw e;
            } catch (UnsupportedOperationException e) {
                unavailable = true; // a transport that only syncs
                return;
            }
            HistoryFeed stored = feed;
            db.serverStateTransaction(tx -> {
                LocalHistory.store(tx, stored, now);
                if (!stored.hasMore()) {
                    // Read to its end: until the pull cursor moves, nothing new can be in it.
                    DeviceInfo.put(tx, DeviceInfo.HISTORY_PULL_MARK, String.valueOf(DeviceInfo.cursor(tx)));
                }
                return null;
            });
            if (!feed.hasMore()) {
                return;
            }
            after = feed.cursor();
        }
    }

    /** Whether the employee who signed this device in manages the shop now (false if none did). */
    private static boolean managesShop(LocalDatabase.Tx tx) throws SQLException {
        if (ActingEmployees.signedIn(tx).isEmpty()
                || DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).isEmpty()) {
            return false;
        }
        Role role = ActingEmployees.signerRole(tx);
        return role.managesShop();
    }
}
