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

    static {
        // The device facade builds the repositories through this, their constructors not being public.
        Repositories.provide(core -> new Repositories(
                new Customers(core),
                new Tickets(core),
                new TicketParts(core),
                new InventoryItems(core),
                new Employees(core),
                new Appointments(core),
                new Attachments(core)));
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

    /** Deletes a record; the deletion wins over concurrent edits elsewhere. */
    public void delete(String id) {
        core.delete(type, id);
    }

    public Optional<T> get(String id) {
        return core.view(type, id).map(this::typed);
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
        return core.query(type, where.sql(), orderBy + ", id", limit, where.params()).stream()
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

    /** {@code json_extract(view, '$.field')}: the SQL of a field of the rebased view. */
    static String field(String name) {
        return "json_extract(view, '$." + name + "')";
    }

    /** A condition over the view's fields (SQL, with {@code ?} for its parameters). */
    record Where(String sql, Object... params) {
        static final Where ALL = new Where("1 = 1");

        static Where equal(String field, Object value) {
            return new Where(field(field) + " = ?", value);
        }
    }
}
