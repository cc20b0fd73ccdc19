package com.repairsync.server.sync;

import com.repairsync.protocol.Change;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Visibility;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.PulledRecord;
import com.repairsync.server.store.ShopCustomFields;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Answers pulls: the changes after a cursor, in sequence order, each with the record's full
 * current state as the caller's role may see it.
 *
 * <p>Never skipping rests on two things: writes commit in sequence order (see {@link Store}), and a
 * pull reads the shop's sequence and the changes in one snapshot. When the page is not full the
 * new cursor is the shop's sequence from that snapshot, so changes the caller filtered out are
 * passed over, but nothing committed later can be.
 *
 * <p>Records of entities that take custom fields carry their {@code custom} member to devices of
 * wire version 8 on: the values of every field the caller's role may see. A caller who sees every
 * field (or a shop without hidden fields) gets the stored values as the database holds them, spliced
 * in without parsing; only a role a {@code managers} field hides costs reading the shop's
 * declarations and filtering.
 */
public final class PullService {
    private final Store store;
    private final ShopClocks serverClock;
    private final IntConsumer rowsServed;

    public PullService(Store store, ShopClocks serverClock, IntConsumer rowsServed) {
        this.store = store;
        this.serverClock = serverClock;
        this.rowsServed = rowsServed;
    }

    /** The wire version that brought restores, tombstones with values and erasure. */
    static final int RESTORE_VERSION = 6;

    private record Row(EntityType type, PulledRecord record) {}

    public PullResponse pull(Principal principal, PullQuery query) {
        PullResponse response = store.read(tx -> {
            Role viewer = AuthService.currentRole(tx, principal);
            long shopSeq = tx.currentSeq(principal.shopId());
            // First the page's sequence bound from the (shop_id, seq) indexes alone, then only the
            // rows within it: reading limit + 1 full rows of every entity and dropping all but a
            // page of them was most of a pull's work.
            List<Long> seqs = new ArrayList<>();
            for (EntityType type : query.entities()) {
                seqs.addAll(tx.changeSeqs(type, principal.shopId(), changeQuery(type, query, Long.MAX_VALUE)));
            }
            Collections.sort(seqs);
            boolean hasMore = seqs.size() > query.limit();
            long upTo = hasMore ? seqs.get(query.limit() - 1) : Long.MAX_VALUE;
            List<Row> page = new ArrayList<>();
            CustomViews customs = new CustomViews(tx, principal.shopId(), query.protocol(), viewer);
            for (EntityType type : query.entities()) {
                CustomView view = customs.of(type);
                tx.changes(type, principal.shopId(), changeQuery(type, query, upTo), viewer, view)
                        .forEach(record -> page.add(new Row(type, record)));
            }
            page.sort(Comparator.comparingLong(row -> row.record().seq()));
            List<Change> changes = new ArrayList<>(page.size());
            // Devices before wire version 6 take a tombstone without its values.
            boolean tombstoneValues = query.protocol() >= RESTORE_VERSION;
            for (Row row : page) {
                PulledRecord record = row.record();
                boolean withJson = record.json() != null && (tombstoneValues || !record.deleted());
                changes.add(new Change(
                        row.type().name(),
                        record.id(),
                        record.seq(),
                        record.deleted(),
                        withJson ? RecordText.of(record.json()) : null,
                        record.erased()));
            }
            long cursor = hasMore ? page.get(page.size() - 1).record().seq() : shopSeq;
            return new PullResponse(
                    changes,
                    cursor,
                    hasMore,
                    shopSeq,
                    latestHlc(principal.shopId(), page).toString(),
                    store.historyId(),
                    query.cursor());
        });
        rowsServed.accept(response.changes().size());
        return response;
    }

    /**
     * The custom values one pull carries, entity by entity: none before wire version 8, else those
     * the viewer's role may see. The shop's declarations are read at most once per pull, and only
     * for a role a managers-only field may hide something from.
     */
    private static final class CustomViews {
        private final StoreTx tx;
        private final String shopId;
        private final int protocol;
        private final Role viewer;
        private CustomFieldSet declarations;

        CustomViews(StoreTx tx, String shopId, int protocol, Role viewer) {
            this.tx = tx;
            this.shopId = shopId;
            this.protocol = protocol;
            this.viewer = viewer;
        }

        CustomView of(EntityType type) {
            if (!type.allowsCustomFields()) {
                return CustomView.ALL;
            }
            if (protocol < CustomField.SINCE_PROTOCOL) {
                return CustomView.OMITTED;
            }
            if (Visibility.MANAGERS.visibleTo(viewer)) {
                return CustomView.ALL;
            }
            if (declarations == null) {
                declarations = ShopCustomFields.of(tx, shopId);
            }
            Set<String> hidden = declarations.all(type.name()).stream()
                    .filter(field -> !field.visibleTo(viewer))
                    .map(CustomField::name)
                    .collect(Collectors.toSet());
            return CustomView.hiding(hidden);
        }
    }

    private static ChangeQuery changeQuery(EntityType type, PullQuery query, long upTo) {
        boolean ranged = type.downloadRangeField().isPresent();
        return new ChangeQuery(
                query.cursor(),
                upTo,
                query.limit() + 1,
                ranged ? query.appointmentsFrom() : null,
                ranged ? query.appointmentsTo() : null);
    }

    /** The later of this server's clock and every HLC stored in the page (written through any node). */
    private Hlc latestHlc(String shopId, List<Row> page) {
        String latest = null;
        for (Row row : page) {
            String written = row.record().latestHlc();
            if (written != null && (latest == null || written.compareTo(latest) > 0)) {
                latest = written;
            }
        }
        Hlc now = serverClock.of(shopId).now();
        if (latest == null) {
            return now;
        }
        Hlc stored = Hlc.parse(latest);
        return stored.isAfter(now) ? stored : now;
    }
}
