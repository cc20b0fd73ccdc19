package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.WireInstant;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager's device keeps the history feed's pages (bounded per sync), reads one record's entries
 * newest first, prunes what falls out of the server's window, and forgets it all when the server
 * refuses the feed or the signer no longer manages the shop; a server without the feed is asked once.
 */
class LocalHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private final List<Long> asked = new ArrayList<>();

    @Test
    void aManagersDeviceStoresTheFeedAndReadsARecordNewestFirstInPages() {
        try (LocalDatabase db = device("manager")) {
            HistoryFeedSync feed = new HistoryFeedSync(db, feeding(after -> page(after, 3, after < 6, 30)), clock);

            feed.afterSync();

            assertThat(asked).as("pages follow the cursor until hasMore ends").containsExactly(0L, 3L, 6L);
            assertThat(db.transaction(LocalHistory::cursor)).isEqualTo(9L);
            HistoryPage newest = db.transaction(tx -> LocalHistory.page(tx, "tickets", "t1", null, 4));
            assertThat(newest.entries()).extracting(HistoryEntry::seq).containsExactly(9L, 8L, 7L, 6L);
            assertThat(newest.before()).isEqualTo(6L);
            HistoryPage older = db.transaction(tx -> LocalHistory.page(tx, "tickets", "t1", 6L, 4));
            assertThat(older.entries()).extracting(HistoryEntry::seq).containsExactly(5L, 4L, 3L, 2L);
            HistoryPage last = db.transaction(tx -> LocalHistory.page(tx, "tickets", "t1", 2L, 4));
            assertThat(last.entries()).extracting(HistoryEntry::seq).containsExactly(1L);
            assertThat(last.before()).isNull();
            assertThat(newest.entries().get(0).changes())
                    .as("every kind of field change comes back as the server sent it")
                    .containsExactly(
                            HistoryEntry.FieldChange.set("estimateCents", JSON.nullNode(), JSON.numberNode(12000)),
                            HistoryEntry.FieldChange.secret("pinHash"),
                            HistoryEntry.FieldChange.erasedField("notes"),
                            HistoryEntry.FieldChange.adjusted("quantity", 3, JSON.numberNode(12)));
        }
    }

    @Test
    void aSyncReadsAtMostItsPagesAndTheNextGoesOnFromTheCursor() {
        try (LocalDatabase db = device("admin")) {
            HistoryFeedSync feed = new HistoryFeedSync(db, feeding(after -> page(after, 1, true, 30)), clock);

            feed.afterSync();
            assertThat(asked).hasSize(HistoryFeedSync.PAGES_PER_SYNC);
            feed.afterSync();

            assertThat(asked).hasSize(2 * HistoryFeedSync.PAGES_PER_SYNC);
            assertThat(asked.get(HistoryFeedSync.PAGES_PER_SYNC)).isEqualTo(HistoryFeedSync.PAGES_PER_SYNC);
        }
    }

    @Test
    void whileThePullCursorStandsStillTheFeedIsNotAskedAgain() {
        try (LocalDatabase db = device("manager")) {
            HistoryFeedSync feed = new HistoryFeedSync(db, feeding(after -> page(after, 2, false, 30)), clock);
            feed.afterSync();
            feed.afterSync();
            assertThat(asked).containsExactly(0L);

            db.transaction(tx -> {
                DeviceInfo.put(tx, DeviceInfo.CURSOR, "42");
                return null;
            });
            feed.afterSync();
            assertThat(asked).containsExactly(0L, 2L);
        }
    }

    @Test
    void entriesOlderThanTheWindowArePrunedAsTheDaysPass() {
        try (LocalDatabase db = device("manager")) {
            List<HistoryFeed> pages = new ArrayList<>();
            pages.add(new HistoryFeed(
                    List.of(entry(1, NOW.minus(Duration.ofDays(29))), entry(2, NOW.minus(Duration.ofHours(1)))),
                    2,
                    false,
                    30));
            HistoryFeedSync feed = new HistoryFeedSync(db, feeding(after -> pages.remove(0)), clock);
            feed.afterSync();
            assertThat(seqs(db)).containsExactly(2L, 1L);

            clock.advance(Duration.ofDays(2));
            feed.afterSync();

            assertThat(seqs(db)).as("the 29-day-old entry is now past 30 days").containsExactly(2L);
            assertThat(asked).as("nothing new to fetch: only pruned").hasSize(1);
        }
    }

    @Test
    void aRefusedFeedForgetsTheHistoryTheDeviceKept() {
        try (LocalDatabase db = device("manager")) {
            boolean[] refuse = {false};
            HistoryFeedSync feed = new HistoryFeedSync(
                    db,
                    feeding(after -> {
                        if (refuse[0]) {
                            throw new RequestRejectedException(403, ErrorCode.FORBIDDEN, null, "managers only");
                        }
                        return page(after, 2, false, 30);
                    }),
                    clock);
            feed.afterSync();
            assertThat(seqs(db)).hasSize(2);

            refuse[0] = true;
            movePullCursor(db, 5);
            feed.afterSync();

            assertThat(seqs(db)).isEmpty();
            assertThat(db.transaction(LocalHistory::kept)).isFalse();
            java.util.Optional<String> window =
                    db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.HISTORY_WINDOW_DAYS));
            assertThat(window).isEmpty();
        }
    }

    @Test
    void aSignerWhoNoLongerManagesTheShopKeepsNoHistoryAndIsNotAsked() {
        try (LocalDatabase db = device("manager")) {
            HistoryFeedSync feed = new HistoryFeedSync(db, feeding(after -> page(after, 2, false, 30)), clock);
            feed.afterSync();
            assertThat(seqs(db)).hasSize(2);

            db.transaction(tx -> {
                DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_ROLE, "technician");
                return null;
            });
            movePullCursor(db, 5);
            feed.afterSync();

            assertThat(seqs(db)).isEmpty();
            assertThat(db.transaction(LocalHistory::kept)).isFalse();
            assertThat(asked).hasSize(1);
        }
    }

    @Test
    void aServerWithoutTheFeedIsAskedOnceAndOtherFailuresPropagate() {
        try (LocalDatabase db = device("manager")) {
            HistoryFeedSync old = new HistoryFeedSync(
                    db,
                    feeding(after -> {
                        throw new RequestRejectedException(404, ErrorCode.NOT_FOUND, null, "no such route");
                    }),
                    clock);
            old.afterSync();
            movePullCursor(db, 5);
            old.afterSync();
            assertThat(asked).hasSize(1);
            assertThat(db.transaction(LocalHistory::kept)).isFalse();

            HistoryFeedSync offline = new HistoryFeedSync(
                    db,
                    feeding(after -> {
                        throw new OfflineException("cannot reach the server", null);
                    }),
                    clock);
            assertThatThrownBy(offline::afterSync).isInstanceOf(OfflineException.class);
            assertThatThrownBy(offline::afterSync)
                    .as("offline is no reason to stop asking")
                    .isInstanceOf(OfflineException.class);
        }
    }

    // ------------------------------------------------------------------ fixtures

    private LocalDatabase device(String role) {
        LocalDatabase db = LocalDatabase.open(dir.resolve(role + ".db"), TestKeys.vault());
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_EMPLOYEE, "e-signer");
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_ROLE, role);
            DeviceInfo.put(tx, DeviceInfo.CURSOR, "1");
            return null;
        });
        return db;
    }

    private static void movePullCursor(LocalDatabase db, long cursor) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.CURSOR, Long.toString(cursor));
            return null;
        });
    }

    private static List<Long> seqs(LocalDatabase db) {
        return db.transaction(tx -> tx.query("SELECT seq FROM history ORDER BY seq DESC", row -> row.getLong(1)));
    }

    /** {@code count} entries of ticket t1 after {@code after}, an hour old. */
    private static HistoryFeed page(long after, int count, boolean hasMore, int windowDays) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (long seq = after + 1; seq <= after + count; seq++) {
            entries.add(entry(seq, NOW.minus(Duration.ofHours(1))));
        }
        return new HistoryFeed(entries, after + count, hasMore, windowDays);
    }

    private static HistoryEntry entry(long seq, Instant at) {
        return new HistoryEntry(
                seq,
                "tickets",
                "t1",
                "update",
                "e1",
                "d1",
                "hlc-" + seq,
                WireInstant.format(at),
                List.of(
                        HistoryEntry.FieldChange.set("estimateCents", JSON.nullNode(), JSON.numberNode(12000)),
                        HistoryEntry.FieldChange.secret("pinHash"),
                        HistoryEntry.FieldChange.erasedField("notes"),
                        HistoryEntry.FieldChange.adjusted("quantity", 3, JSON.numberNode(12))));
    }

    /** A transport that only answers the history feed, recording each {@code after}. */
    private SyncTransport feeding(LongFunction<HistoryFeed> answer) {
        return new SyncTransport() {
            @Override
            public HistoryFeed historyFeed(long after, int limit) {
                asked.add(after);
                return answer.apply(after);
            }

            @Override
            public Session login(String email, String password, String deviceName, String deviceId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Session refresh(String refreshToken) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void logout(String refreshToken) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PushResponse push(PushRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PullResponse pull(PullQuery query) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setPassword(String employeeId, String password) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void health() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RealtimeConnection openRealtime(RealtimeListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
    }
}
