package com.repairsync.server.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryEntry.FieldChange;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.AuditFilter;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.ShopCustomFields;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the shop's history for the API: one record's (any role that receives the entity, without
 * the fields the role may not see), the audit and the offline feed (admins and managers). Pages
 * read one row more than they show, to know whether another follows; the next page goes on from
 * the last row read, so a row a role may not see never stops paging. Entities newer than the
 * device's wire version are unknown to it.
 */
public final class HistoryReader {
    /** Page sizes: a record's history, the audit and the feed (defaults and maxima of the API). */
    public static final int RECORD_DEFAULT = 50;

    public static final int RECORD_MAX = 200;
    public static final int AUDIT_DEFAULT = 100;
    public static final int AUDIT_MAX = 500;
    public static final int FEED_DEFAULT = 500;
    public static final int FEED_MAX = 1000;

    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final JavaType CHANGES =
            JSON.getTypeFactory().constructCollectionType(List.class, FieldChange.class);
    private static final String MANAGERS_ONLY = "only an admin or manager reads the shop's audit and history feed";

    private final Store store;
    private final Clock clock;
    private final int windowDays;

    /** @param windowDays how many days of history managers' devices keep ({@code --history-offline-days}) */
    public HistoryReader(Store store, Clock clock, int windowDays) {
        this.store = store;
        this.clock = clock;
        this.windowDays = windowDays;
    }

    /**
     * A record's history, newest first, as the caller's role may see it.
     *
     * @param protocol the wire version of the caller's device
     * @throws ApiException 404 {@code unknown_record} for an unknown entity, one newer than the
     *     device, or a record of which this shop has no history (another shop's, too)
     */
    public HistoryPage ofRecord(
            Principal principal, String entity, String recordId, long before, int limit, int protocol) {
        ApiException unknown = new ApiException(
                ErrorCode.UNKNOWN_RECORD, null, "no history of " + entity + "/" + recordId + " in this shop");
        EntityType type = Schema.entity(entity)
                .filter(known -> known.sinceProtocol() <= protocol)
                .orElseThrow(() -> unknown);
        return store.read(tx -> {
            Role viewer = AuthService.currentRole(tx, principal);
            List<HistoryRow> rows = tx.history().ofRecord(principal.shopId(), type.name(), recordId, before, limit + 1);
            if (rows.isEmpty()
                    && (before == Long.MAX_VALUE
                            || tx.history()
                                    .ofRecord(principal.shopId(), type.name(), recordId, Long.MAX_VALUE, 1)
                                    .isEmpty())) {
                throw unknown;
            }
            return page(rows, limit, viewer, protocol, customs(tx, principal.shopId()));
        });
    }

    /**
     * The shop's history matching every filter, newest first: admins and managers only.
     *
     * @param filter its limit is the page's; one more row is read
     * @throws ApiException 403 {@code forbidden} for any other role
     */
    public HistoryPage audit(Principal principal, AuditFilter filter, int protocol) {
        AuditFilter oneMore = new AuditFilter(
                filter.actorId(),
                filter.deviceId(),
                filter.entity(),
                filter.from(),
                filter.to(),
                filter.before(),
                filter.limit() + 1);
        return store.read(tx -> {
            Role viewer = AuthService.requireManager(tx, principal, MANAGERS_ONLY);
            return page(
                    tx.history().audit(principal.shopId(), oneMore),
                    filter.limit(),
                    viewer,
                    protocol,
                    customs(tx, principal.shopId()));
        });
    }

    /**
     * The history a manager's device keeps offline: entries after {@code after} written within the
     * last {@code windowDays} days, oldest first.
     *
     * @throws ApiException 403 {@code forbidden} unless the caller is an admin or manager
     */
    public HistoryFeed feed(Principal principal, long after, int limit, int protocol) {
        Instant since = clock.instant().minus(Duration.ofDays(windowDays));
        return store.read(tx -> {
            Role viewer = AuthService.requireManager(tx, principal, MANAGERS_ONLY);
            List<HistoryRow> rows = tx.history().feed(principal.shopId(), after, since, limit + 1);
            boolean hasMore = rows.size() > limit;
            List<HistoryRow> shown = hasMore ? rows.subList(0, limit) : rows;
            List<HistoryEntry> entries = new ArrayList<>(shown.size());
            Supplier<CustomFieldSet> customs = customs(tx, principal.shopId());
            shown.forEach(row -> entry(row, viewer, protocol, customs).ifPresent(entries::add));
            long cursor = shown.isEmpty() ? after : shown.get(shown.size() - 1).seq();
            return new HistoryFeed(entries, cursor, hasMore, windowDays);
        });
    }

    /** How many days of history managers' devices keep. */
    public int windowDays() {
        return windowDays;
    }

    /** A page of rows read newest first, {@code limit} + 1 of them at most. */
    private static HistoryPage page(
            List<HistoryRow> rows, int limit, Role viewer, int protocol, Supplier<CustomFieldSet> customs) {
        boolean more = rows.size() > limit;
        List<HistoryRow> shown = more ? rows.subList(0, limit) : rows;
        List<HistoryEntry> entries = new ArrayList<>(shown.size());
        shown.forEach(row -> entry(row, viewer, protocol, customs).ifPresent(entries::add));
        return new HistoryPage(entries, more ? shown.get(shown.size() - 1).seq() : null);
    }

    /**
     * The shop's custom field declarations, read in the transaction once a row needs them (a custom
     * value's change read by a role that some field may hide from).
     */
    private static Supplier<CustomFieldSet> customs(StoreTx tx, String shopId) {
        CustomFieldSet[] read = new CustomFieldSet[1];
        return () -> {
            if (read[0] == null) {
                read[0] = ShopCustomFields.of(tx, shopId);
            }
            return read[0];
        };
    }

    /** A row as an admin sees it (every field), or a role without custom fields to hide. */
    static Optional<HistoryEntry> entry(HistoryRow row, Role viewer, int protocol) {
        return entry(row, viewer, protocol, () -> CustomFieldSet.EMPTY);
    }

    /**
     * A row as a role may see it: without the fields it may not see, a secret field only as
     * changed. Empty for an entity newer than the device, or a change of nothing but fields the role
     * may not see (a technician never learns when a pay rate changed). A custom value's change
     * ({@code custom.<name>}) shows as its declaration's visibility allows; a device before wire
     * version 8 sees none, and a custom field no declaration names only admins and managers see.
     */
    static Optional<HistoryEntry> entry(HistoryRow row, Role viewer, int protocol, Supplier<CustomFieldSet> customs) {
        Optional<EntityType> type = Schema.entity(row.entity()).filter(known -> known.sinceProtocol() <= protocol);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        List<FieldChange> stored = changes(row);
        List<FieldChange> shown = new ArrayList<>(stored.size());
        for (FieldChange change : stored) {
            if (CustomValues.isKey(change.field())) {
                if (customVisible(type.get(), change.field(), viewer, protocol, customs)) {
                    shown.add(change);
                }
                continue;
            }
            Optional<FieldSpec> field = type.get().field(change.field());
            if (field.isEmpty() || !field.get().visibility().visibleTo(viewer)) {
                continue;
            }
            boolean secretValue = field.get().secret() && !Boolean.TRUE.equals(change.erased());
            shown.add(secretValue ? FieldChange.secret(change.field()) : change);
        }
        if (shown.isEmpty() && !stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HistoryEntry(
                row.seq(),
                row.entity(),
                row.recordId(),
                row.op(),
                row.actorId(),
                row.deviceId(),
                row.hlc(),
                WireInstant.format(row.at()),
                shown));
    }

    private static boolean customVisible(
            EntityType type, String key, Role viewer, int protocol, Supplier<CustomFieldSet> customs) {
        if (protocol < CustomField.SINCE_PROTOCOL) {
            return false;
        }
        if (Visibility.MANAGERS.visibleTo(viewer)) {
            return true;
        }
        return customs.get()
                .find(type.name(), CustomValues.nameOf(key))
                .map(field -> field.visibleTo(viewer))
                .orElse(false);
    }

    private static List<FieldChange> changes(HistoryRow row) {
        try {
            List<FieldChange> stored = JSON.readValue(row.changesJson(), CHANGES);
            return ChangeHistory.CREATE.equals(row.op()) ? fromNull(stored) : stored;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "history row " + row.seq() + " of shop " + row.shopId() + " holds no list of field changes", e);
        }
    }

    /**
     * A create's changes as readers have always seen them: each value set from null. {@link
     * HistoryChanges#created} stores them without the {@code "from": null}; rows written before
     * it have it, and read the same.
     */
    private static List<FieldChange> fromNull(List<FieldChange> stored) {
        List<FieldChange> shown = new ArrayList<>(stored.size());
        for (FieldChange change : stored) {
            boolean setFromNothing = change.from() == null
                    && change.to() != null
                    && change.delta() == null
                    && change.changed() == null
                    && change.erased() == null;
            shown.add(setFromNothing ? FieldChange.set(change.field(), NullNode.getInstance(), change.to()) : change);
        }
        return shown;
    }
}
