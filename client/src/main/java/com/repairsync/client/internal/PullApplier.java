package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the local replica up to the server: pulls pages after the stored cursor and stores each
 * page with the cursor after it in one local transaction, and stores the changes a realtime message
 * carried when they start at this device's cursor. A field this device wrote that lost to a later
 * write elsewhere becomes a conflict when the winning value arrives.
 *
 * <p>Wire version 6: a tombstone keeps the deleted record's last values as its base (those it
 * carries, or, carried without them, those the device held), for undelete and a "recently deleted"
 * list; a live state after a tombstone (a restore elsewhere) simply shows the record again. A change
 * of an erased record removes every copy of its personal values in the same transaction ({@link
 * ErasureScrub}), and the write-ahead log is checkpointed after it.
 */
final class PullApplier {
    /** Pages one pull stream may carry; the device asks again while the last one says there are more. */
    static final int PAGES_PER_STREAM = 100;

    /** Answers in a row that do not continue from the device's cursor before a pull gives up for now. */
    private static final int MISPLACED_ANSWERS = 3;

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final int pageSize;
    private final SyncEngine.PullFilter filter;
    private final ServerClock serverClock;
    private final SyncEngine.Listener listener;

    PullApplier(
            LocalDatabase db,
            SyncTransport transport,
            Clock clock,
            int pageSize,
            SyncEngine.PullFilter filter,
            ServerClock serverClock,
            SyncEngine.Listener listener) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.pageSize = pageSize;
        this.filter = filter;
        this.serverClock = serverClock;
        this.listener = listener;
    }

    /**
     * Pulls everything new in streams of up to {@link #PAGES_PER_STREAM} pages: the server reads the
     * next page while this device stores the last, and each page is stored with the cursor after it
     * in its own transaction, so a stream cut short loses nothing and the next one (or the next
     * sync) goes on from the stored cursor.
     *
     * @return true if it stopped because the server's history changed (see {@link
     *     ServerHistoryCheck}): the cursor is back at 0 and acknowledged changes are queued to send
     *     again. The caller pushes them before it pulls again: the download from 0 then finds
     *     nothing queued and stores the shop as a first download does, instead of replaying queued
     *     changes over every record (twice as slow at 100k records)
     */
    boolean pull() {
        long[] start = {db.transaction(DeviceInfo::cursor)};
        int misplaced = 0;
        while (true) {
            Outcome[] stopped = {null};
            PullResponse last =
                    transport.pullPages(pullQuery(db.transaction(DeviceInfo::cursor)), PAGES_PER_STREAM, page -> {
                        if (stopped[0] != null) {
                            return; // the rest of a stream that no longer continues from here
                        }
                        Page stored = applyPage(page);
                        notifyRecords(stored.changed());
                        if (stored.outcome() != Outcome.STORED) {
                            stopped[0] = stored.outcome();
                            return;
                        }
                        long total = page.latestCursor() - start[0];
                        listener.progress(
                                total <= 0 ? 1.0 : Math.min(1.0, (double) (page.cursor() - start[0]) / total));
                    });
            if (stopped[0] == Outcome.HISTORY_CHANGED) {
                return true;
            }
            if (stopped[0] == Outcome.NOT_HERE) {
                if (++misplaced >= MISPLACED_ANSWERS) {
                    throw new ServerBusyException(
                            502, // as a proxy that mixes answers up would be
                            "the server answered " + misplaced + " pulls with pages that do not continue from this"
                                    + " device's cursor; trying again later",
                            null);
                }
                continue; // asks again from the stored cursor
            }
            if (!last.hasMore()) {
                return false;
            }
        }
    }

    private SyncTransport.PullQuery pullQuery(long cursor) {
        return new SyncTransport.PullQuery(
                cursor,
                pageSize,
                filter.entities(),
                WireInstant.format(filter.appointmentsFrom()),
                WireInstant.format(filter.appointmentsTo()));
    }

    /** See {@link SyncEngine#applyCarried}. */
    SyncEngine.Carried applyCarried(long fromCursor, PullResponse changes) {
        if (!filter.entities().isEmpty() || filter.appointmentsFrom() != null || filter.appointmentsTo() != null) {
            return SyncEngine.Carried.PULL;
        }
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        boolean[] erased = {false};
        SyncEngine.Carried outcome = db.serverStateTransaction(tx -> {
            long cursor = DeviceInfo.cursor(tx);
            if (cursor >= changes.cursor()) {
                return SyncEngine.Carried.KNOWN;
            }
            if (cursor != fromCursor) {
                return SyncEngine.Carried.PULL;
            }
            erased[0] = store(tx, changes, now, changed);
            return SyncEngine.Carried.STORED;
        });
        if (erased[0]) {
            db.checkpointAfterErasure();
        }
        notifyRecords(changed);
        return outcome;
    }

    /** What became of a page. */
    private enum Outcome {
        STORED,
        /** It found a new server history instead: the device downloads again from 0. */
        HISTORY_CHANGED,
        /** It does not continue from this device's cursor (an answer to another request): dropped. */
        NOT_HERE
    }

    /** What storing a page did: the records it changed, and what became of it. */
    private record Page(Set<String> changed, Outcome outcome) {}

    private Page applyPage(PullResponse page) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        boolean[] erased = {false};
        Outcome outcome = db.serverStateTransaction(tx -> {
            if (!page.continues(DeviceInfo.cursor(tx))) {
                return Outcome.NOT_HERE;
            }
            Set<String> requeued = ServerHistoryCheck.follow(tx, page.epoch(), page.latestCursor(), now);
            if (requeued != null) {
                changed.addAll(requeued);
                return Outcome.HISTORY_CHANGED; // the page continues a cursor of the old history
            }
            erased[0] = store(tx, page, now, changed);
            return Outcome.STORED;
        });
        if (erased[0]) {
            db.checkpointAfterErasure();
        }
        return new Page(changed, outcome);
    }

    /**
     * Stores a page of changes and moves the cursor past it, inside the caller's transaction.
     *
     * @return whether a change erased a record (the caller checkpoints the log after committing)
     */
    private boolean store(LocalDatabase.Tx tx, PullResponse page, Instant now, Set<String> changed)
            throws SQLException {
        ServerClock.keepHighWater(tx, serverClock.receive(page.serverHlc()));
        boolean erased = false;
        if (nothingLocal(tx)) { // a fresh or fully synced device: no change of its own to replay or compare
            String stored = WireInstant.format(now);
            for (Change change : page.changes()) {
                if (change.erased() || (change.deleted() && change.record() == null)) {
                    // An erasure removes more than the row; a tombstone without values keeps those held here.
                    erased |= storeOver(tx, change, now, changed);
                    continue;
                }
                if (Records.storeSynced(
                        tx,
                        change.entity(),
                        change.recordId(),
                        change.record(),
                        change.seq(),
                        change.deleted(),
                        stored)) {
                    changed.add(change.entity() + "/" + change.recordId());
                }
            }
        } else {
            for (Change change : page.changes()) {
                erased |= storeOver(tx, change, now, changed);
            }
        }
        DeviceInfo.put(tx, DeviceInfo.CURSOR, Long.toString(page.cursor()));
        return erased;
    }

    /**
     * Stores one change over what the device holds of its record: its queued changes replayed on
     * top, its lost writes turned into conflicts. A tombstone carried without values (a realtime
     * message) keeps the values held here; an erased record's personal values go everywhere.
     *
     * @return whether the change erased the record
     */
    private static boolean storeOver(LocalDatabase.Tx tx, Change change, Instant now, Set<String> changed)
            throws SQLException {
        EntityType type = Schema.entity(change.entity()).orElse(null);
        if (type == null) {
            // An entity of a newer server: stored as it came, never shown, never an error.
            Records.setBase(
                    tx,
                    change.entity(),
                    change.recordId(),
                    change.record() == null ? null : change.record().tree(),
                    change.seq(),
                    change.deleted(),
                    List.of(),
                    now);
            return false;
        }
        if (change.erased()) {
            ErasureScrub.copies(tx, type, change.recordId()); // first: the view is rebased on what is left
        }
        Records.Base row =
                Records.findBase(tx, change.entity(), change.recordId()).orElse(null);
        if (row != null && change.seq() < row.seq()) {
            // Older than what an acknowledged push already told us; an erasure still reaches its values.
            if (change.erased()) {
                Records.setBase(
                        tx,
                        type.name(),
                        change.recordId(),
                        ErasureScrub.values(type, row.record()),
                        row.seq(),
                        row.deleted(),
                        now);
                changed.add(change.entity() + "/" + change.recordId());
            }
            return change.erased();
        }
        ObjectNode base = change.record() != null
                ? change.record().tree()
                : change.deleted() && row != null ? row.record() : null;
        if (change.erased()) {
            base = ErasureScrub.values(type, base);
        }
        Records.setBase(tx, change.entity(), change.recordId(), base, change.seq(), change.deleted(), now);
        recordConflicts(tx, change, now);
        if (change.erased() && change.deleted()) {
            ErasureScrub.files(tx, type, change.recordId(), base);
        }
        changed.add(change.entity() + "/" + change.recordId());
        return change.erased();
    }

    /** True when nothing is queued and no acknowledged write waits for its conflict check. */
    private static boolean nothingLocal(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne(
                        "SELECT NOT EXISTS (SELECT 1 FROM outbox) AND NOT EXISTS (SELECT 1 FROM lost_writes)",
                        r -> r.getInt(1) == 1)
                .orElse(false);
    }

    /** Turns this device's writes to the record that lost to the change into conflicts. */
    private static void recordConflicts(LocalDatabase.Tx tx, Change change, Instant now) throws SQLException {
        List<String[]> lost = tx.query(
                "SELECT field, local_value, actor_id, hlc FROM lost_writes WHERE entity = ? AND record_id = ?",
                r -> new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)},
                change.entity(),
                change.recordId());
        boolean deleted = change.deleted() || change.record() == null;
        ObjectNode winner = deleted || lost.isEmpty() ? null : change.record().tree();
        for (String[] write : lost) {
            JsonNode winning = deleted ? null : Json.valueOf(winner, write[0]);
            Acknowledgements.insertConflict(
                    tx,
                    change.entity(),
                    change.recordId(),
                    write[0],
                    write[1],
                    winning,
                    deleted,
                    write[2],
                    write[3],
                    now);
        }
        tx.update("DELETE FROM lost_writes WHERE entity = ? AND record_id = ?", change.entity(), change.recordId());
    }

    private void notifyRecords(Set<String> changed) {
        if (!changed.isEmpty()) {
            listener.recordsChanged(changed);
        }
    }
}
