package com.repairsync.client.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.Repositories;
import com.repairsync.protocol.schema.EntityType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads and writes one entity. Writes are typed ({@link #create(FieldValues)} with a generated
 * {@code NewCustomer}, {@link #update(String, Consumer)} with a generated {@code CustomerChanges})
 * or by wire field name ({@link #create(Map)}, for tools that take names at run time, see
 * docs/api.md). Lists are ordered and, in their limited forms, bounded inside the database.
 *
 * @param <T> the typed record read
 * @param <N> the typed new record
 * @param <C> the typed changes of an update
 */
public abstract class Repository<T, N extends FieldValues, C extends FieldValues> {
    /** No limit, for the lists that return every match. */
    static final int ALL = -1;

    /** How many records {@link #deleted()} lists. */
    public static final int RECENTLY_DELETED = 100;

    static {
        // The device facade builds the repositories through this, their constructors not being public.
        Repositories.provide(core -> new Repositories(
                new Customers(core),
                new Tickets(core),
                new TicketParts(core),
                new InventoryItems(core),
                new Employees(core),
                new Appointments(core),
                new Attachments(core),
                new CustomFields(core)));
    }

    private final DeviceCore core;
    private final EntityType type;
    private final Class<T> recordClass;
    private final Supplier<C> changes;

    Repository(DeviceCore core, EntityType type, Class<T> recordClass, Supplier<C> changes) {
        this.core = core;
        this.type = type;
        this.recordClass = recordClass;
        this.changes = changes;
    }

    /**
     * Creates a record with a new id and queues it for the server.
     *
     * @return the new record's id
     * @throws com.repairsync.client.InvalidRecordException naming the field if a value is invalid
     * @throws com.repairsync.client.PermissionDeniedException if the acting employee may not
     */
    public String create(N record) {
        return core.create(type, record.values());
    }

    /**
     * Changes the fields the edit sets, as one mutation: {@code update(id, c -> c.phone("555-0101"))}.
     *
     * @throws IllegalArgumentException if the edit sets no field
     * @throws com.repairsync.client.RecordNotFoundException if the record is not on this device
     * @throws com.repairsync.client.InvalidRecordException naming the field if a value is invalid
     */
    public void update(String id, Consumer<? super C> edit) {
        C set = changes.get();
        edit.accept(set);
        if (set.values().isEmpty()) {
            throw new IllegalArgumentException("the update of " + type.name() + " " + id + " sets no field");
        }
        core.update(type, id, set.values());
    }

    /**
     * Creates a record from wire field names and values (String, Number, Boolean or Instant).
     *
     * @return the new record's id
     * @throws com.repairsync.client.InvalidRecordException naming the field if a value is invalid
     *     or a required field is missing
     * @throws com.repairsync.client.PermissionDeniedException if the acting employee may not
     */
    public String create(Map<String, ?> fields) {
        return core.create(type, fields);
    }

    /**
     * Sets some fields of a record by wire name and queues the change.
     *
     * @throws com.repairsync.client.RecordNotFoundException if the record is not on this device
     */
    public void update(String id, Map<String, ?> fields) {
        core.update(type, id, fields);
    }

    /**
     * Deletes a record; the deletion wins over concurrent edits elsewhere. The device keeps its last
     * values for {@link #deleted()} and {@link #undelete(String)}.
     */
    public void delete(String id) {
        core.delete(type, id);
    }

    /**
     * Brings back a deleted record with the values it had (wire version 6): the app sees it again at
     * once, and the restore syncs as an ordinary change with a later HLC. Whoever may delete the
     * record may bring it back. A delete made elsewhere after this restore still wins, and an edit
     * never brings a deleted record back by itself.
     *
     * @throws com.repairsync.client.RecordNotFoundException if this device knows no such record
     * @throws IllegalStateException if the record is not deleted
     * @throws com.repairsync.client.PermissionDeniedException if the acting employee may not delete it
     */
    public void undelete(String id) {
        core.undelete(type, id);
    }

    /** Records this device holds as deleted, newest first: {@link #deleted(int)} of {@value #RECENTLY_DELETED}. */
    public List<T> deleted() {
        return deleted(RECENTLY_DELETED);
    }

    /**
     * Records this device holds as deleted, with their last values, for a "recently deleted" view:
     * first those deleted here and not yet synced, then newest deletion first, at most {@code limit}.
     * A record deleted before this device spoke wire version 6 may be missing until a full sync
     * brings its values.
     */
    public List<T> deleted(int limit) {
        return core.deleted(type, positive(limit)).stream().map(this::typed).toList();
    }

    public Optional<T> get(String id) {
        return core.view(type, id).map(this::typed);
    }

    /**
     * The record's latest history ({@link #history(String, Long, int)} from the newest, 50 entries).
     */
    public RecordHistory history(String id) {
        return history(id, null, 50);
    }

    /**
     * A page of the record's history, newest first: who changed which field from what to what, on
     * which device and when. Online it is the server's complete history (a deleted or erased
     * record's too); while the server cannot be reached, a manager's or admin's device answers from
     * the recent history it keeps ({@link RecordHistory#source()} {@code DEVICE}, the last {@link
     * RecordHistory#windowDays()} days). Fields the acting employee's role may not see are left out;
     * secrets (a PIN) only say they changed.
     *
     * @param before the {@link RecordHistory#before()} of the previous page, or null for the newest
     * @param limit at most this many entries, 1 to 200
     * @throws com.repairsync.client.RecordNotFoundException if the server has no history of the record
     * @throws com.repairsync.client.transport.OfflineException if the server cannot be reached and
     *     this device keeps no history (only managers' and admins' devices do)
     * @throws IllegalArgumentException if the limit is out of range
     */
    public RecordHistory history(String id, Long before, int limit) {
        return core.server().history(type, id, before, limit);
    }

    /** Every record, oldest id first (ids are time-ordered). */
    public List<T> all() {
        return list(Where.ALL, "id", ALL);
    }

    /** The first {@code limit} records, oldest id first. */
    public List<T> all(int limit) {
        return list(Where.ALL, "id", positive(limit));
    }

    /** Records matching a condition, in an order given as SQL over the view's fields; a negative limit is none. */
    final List<T> list(Where where, String orderBy, int limit) {
        return core.list(type, null, where.sql(), orderBy + ", id", limit, where.params()).stream()
                .map(this::typed)
                .toList();
    }

    /**
     * Records in a declared device index ({@link com.repairsync.protocol.schema.DeviceIndex}, by
     * name) matching a condition, in an order that the index gives (its fields, then the id), so the
     * database reads only the records it returns.
     */
    final List<T> list(Listing listing, int limit) {
        return core
                .list(
                        type,
                        type.deviceIndex(listing.index()),
                        listing.where().sql(),
                        listing.orderBy(),
                        limit,
                        listing.where().params())
                .stream()
                .map(this::typed)
                .toList();
    }

    /** Records matching typed text, in the order of a declared device index (see {@link Customers#search}). */
    final List<T> searchIndexed(String index, String text, int limit) {
        return core.search(type, type.deviceIndex(index), text, limit).stream()
                .map(this::typed)
                .toList();
    }

    /** Attaches a file read from disk to the record {@code ownerField} names (see {@link Tickets#attach}). */
    final String attachFile(String ownerField, String ownerId, java.nio.file.Path file, String kind, String caption) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return core.attach(ownerField, ownerId, in, String.valueOf(file.getFileName()), kind, caption);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    final DeviceCore core() {
        return core;
    }

    private T typed(ObjectNode view) {
        return Json.MAPPER.convertValue(view, recordClass);
    }

    /** A limit given by the app: at least 1. */
    static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return limit;
    }

    /** The SQL of a field of the rebased view (the expression the device indexes are built on). */
    static String field(String name) {
        return com.repairsync.client.internal.Records.viewField(name);
    }

    /** The id, for the end of an order: {@code records.id ASC} or {@code DESC}, as the order before it. */
    static String byId(Order order) {
        return "records.id " + order.sql();
    }

    /**
     * A list read through a declared device index: the index's name, a condition over the view's
     * fields and the order the index gives (its fields, then {@link #byId}).
     */
    record Listing(String index, Where where, String orderBy) {}

    /** A condition over the view's fields (SQL, with {@code ?} for its parameters). */
    record Where(String sql, Object... params) {
        static final Where ALL = new Where("1 = 1");

        static Where equal(String field, Object value) {
            return new Where(field(field) + " = ?", value);
        }
    }
}
