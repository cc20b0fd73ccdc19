package com.repairsync.server.sync;

import com.repairsync.protocol.Change;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.ChangedRecord;
import com.repairsync.server.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Answers pulls: the changes after a cursor, in sequence order, each with the record's full
 * current state as the caller's role may see it.
 *
 * <p>Never skipping rests on two things: writes commit in sequence order (see {@link Store}), and a
 * pull reads the shop's sequence and the changes in one snapshot. When the page is not full the
 * new cursor is the shop's sequence from that snapshot, so changes the caller filtered out are
 * passed over, but nothing committed later can be.
 */
public final class PullService {
    private final Store store;
    private final HlcClock serverClock;
    private final IntConsumer rowsServed;

    public PullService(Store store, HlcClock serverClock, IntConsumer rowsServed) {
        this.store = store;
        this.serverClock = serverClock;
        this.rowsServed = rowsServed;
    }

    private record Row(EntityType type, ChangedRecord record) {}

    public PullResponse pull(Principal principal, PullQuery query) {
        PullResponse response = store.read(tx -> {
            Role viewer = AuthService.currentRole(tx, principal);
            long shopSeq = tx.currentSeq(principal.shopId());
            List<Row> rows = new ArrayList<>();
            for (EntityType type : query.entities()) {
                boolean ranged = type.downloadRangeField().isPresent();
                ChangeQuery changes = new ChangeQuery(
                        query.cursor(),
                        query.limit() + 1,
                        ranged ? query.appointmentsFrom() : null,
                        ranged ? query.appointmentsTo() : null);
                tx.changes(type, principal.shopId(), changes).forEach(record -> rows.add(new Row(type, record)));
            }
            rows.sort(Comparator.comparingLong(row -> row.record().seq()));
            boolean hasMore = rows.size() > query.limit();
            List<Row> page = hasMore ? rows.subList(0, query.limit()) : rows;
            List<Change> changes = new ArrayList<>(page.size());
            for (Row row : page) {
                boolean deleted = row.record().deleted();
                changes.add(new Change(
                        row.type().name(),
                        row.record().id(),
                        row.record().seq(),
                        deleted,
                        deleted ? null : RecordJson.render(row.type(), row.record(), viewer)));
            }
            long cursor = hasMore ? page.get(page.size() - 1).record().seq() : shopSeq;
            return new PullResponse(
                    changes, cursor, hasMore, shopSeq, latestHlc(page).toString());
        });
        rowsServed.accept(response.changes().size());
        return response;
    }

    /** The later of this server's clock and every HLC stored in the page (written through any node). */
    private Hlc latestHlc(List<Row> page) {
        String latest = null;
        for (Row row : page) {
            String written = row.record().latestHlc();
            if (written != null && (latest == null || written.compareTo(latest) > 0)) {
                latest = written;
            }
        }
        Hlc now = serverClock.now();
        if (latest == null) {
            return now;
        }
        Hlc stored = Hlc.parse(latest);
        return stored.isAfter(now) ? stored : now;
    }
}
