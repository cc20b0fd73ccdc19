package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.PinChangeRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.SyncStatus;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.DeviceIndex;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The device's local side: validated writes that store the record and its outbox mutation in one
 * transaction ({@link RecordWriter}), rebased reads, and the acting employee ({@link
 * ActingEmployees}, switched by PIN through {@link EmployeeSwitch}). The permission table from
 * {@code protocol} runs here before anything is queued.
 */
public final class DeviceCore {
    private final LocalDatabase db;
    private final RecordWriter writer;
    private final EmployeeSwitch employeeSwitch;
    private final Consumer<Set<String>> written;
    private final Clock clock;
    private volatile DeviceFileLane files;
    private volatile ServerRecords server;

    public DeviceCore(
            LocalDatabase db,
            Clock clock,
            Supplier<HlcClock> hlc,
            ToIntFunction<String> priority,
            PinPad pinPad,
            Consumer<Set<String>> written) {
        this(db, clock, hlc, priority, pinPad, written, new StepUps());
    }

    /** A core that lets an actor create or promote an admin while {@code stepUps} holds their confirmation. */
    public DeviceCore(
            LocalDatabase db,
            Clock clock,
            Supplier<HlcClock> hlc,
            ToIntFunction<String> priority,
            PinPad pinPad,
            Consumer<Set<String>> written,
            StepUps stepUps) {
        this.db = db;
        this.writer = new RecordWriter(clock, hlc, priority, stepUps);
        this.employeeSwitch = new EmployeeSwitch(db, pinPad, writer, written);
        this.written = written;
        this.clock = clock;
    }

    /** Gives the core the device's file lane, which attachments need. */
    public void useFiles(DeviceFileLane lane) {
        this.files = lane;
    }

    /**
     * The device's file lane.
     *
     * @throws IllegalStateException if this core has none (a measuring or test core)
     */
    public DeviceFileLane files() {
        DeviceFileLane lane = files;
        if (lane == null) {
            throw new IllegalStateException("this device has no file lane");
        }
        return lane;
    }

    /** Gives the core what the repositories ask the server: history and erasure. */
    public void useServer(ServerRecords records) {
        this.server = records;
    }

    /**
     * What the repositories ask the server.
     *
     * @throws IllegalStateException if this core has none (a measuring or test core)
     */
    public ServerRecords server() {
        ServerRecords records = server;
        if (records == null) {
            throw new IllegalStateException("this device does not reach a server");
        }
        return records;
    }

    // ------------------------------------------------------------------ writes

    public String create(EntityType type, Map<String, ?> fields) {
        return create(type, TimeOrderedIds.newId(), fields);
    }

    /** Creates a record with a given id: a shop's field declaration's ({@code CustomField.recordId}). */
    public String create(EntityType type, String id, Map<String, ?> fields) {
        db.transaction(tx -> {
            Map<String, Object> values = WriteValues.creatable(tx, type, id, fields);
            writer.add(tx, type, id, Operation.UPSERT, values, null, null, Action.CREATE);
            return null;
        });
        written.accept(Set.of(type.name() + "/" + id));
        return id;
    }

    public void update(EntityType type, String id, Map<String, ?> fields) {
        queue(type, id, Operation.UPSERT, updatable(type, id, fields), null, null, Action.UPDATE);
    }

    private CustomFieldSet customFields(EntityType type) {
        return type.allowsCustomFields() ? db.transaction(DeviceCustomFields::read) : CustomFieldSet.EMPTY;
    }

    /** The shop's own fields the acting employee may see, as this device holds them (see {@link DeviceCustomFields}). */
    public CustomFieldSet customFields() {
        return db.transaction(DeviceCustomFields::seenByActing);
    }

    /** Validated values for an edit of a record: no counter, no field fixed at create changed. */
    private Map<String, Object> updatable(EntityType type, String id, Map<String, ?> fields) {
        CustomFieldSet customs = fields.containsKey(CustomValues.MEMBER) ? customFields(type) : CustomFieldSet.EMPTY;
        Map<String, Object> values = WriteValues.validate(type, fields, customs);
        ObjectNode current = null;
        for (String name : values.keySet()) {
            if (CustomValues.isKey(name)) {
                continue; // a shop's own field: never a counter, never fixed
            }
            if (type.field(name).orElseThrow().isCounter()) {
                throw new InvalidRecordException(
                        name, name + " is a counter: it is set when the record is created, then only adjusted");
            }
            if (type.fixedAfterCreate(name)) {
                current = current != null ? current : view(type, id).orElse(Json.MAPPER.createObjectNode());
                if (!Json.wire(values.get(name))
                        .asText()
                        .equals(current.path(name).asText())) {
                    throw new InvalidRecordException(
                            name, name + " is set when the " + type.name() + " record is created and never changes");
                }
            }
        }
        return values;
    }

    public void delete(EntityType type, String id) {
        queue(type, id, Operation.DELETE, Map.of(), null, null, Action.DELETE);
    }

    /**
     * Brings back a record this device holds as deleted: a restore mutation (wire version 6) that
     * whoever may delete the record may make; the app sees the record again at once, with the values
     * it had.
     *
     * @throws RecordNotFoundException if the device knows no such record
     * @throws IllegalStateException if the record is not deleted
     */
    public void undelete(EntityType type, String id) {
        queue(type, id, Operation.RESTORE, Map.of(), null, null, Action.DELETE);
    }

    /**
     * Settles a conflict in one transaction: {@code keepMine} writes the value this device lost
     * again, as a new edit (a new HLC, the acting employee, checked like any edit), then closes the
     * conflict; otherwise the conflict is only closed and what won stays.
     *
     * @throws IllegalArgumentException if no open conflict has this id
     * @throws IllegalStateException for keep mine when the record is deleted (undelete it first)
     */
    public void resolveConflict(long conflictId, boolean keepMine) {
        String key = db.transaction(tx -> {
            String[] conflict = tx.queryOne(
                            "SELECT entity, record_id, field, local_value FROM conflicts WHERE id = ? AND dismissed = 0",
                            row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)
                            },
                            conflictId)
                    .orElseThrow(
                            () -> new IllegalArgumentException("no open conflict " + conflictId + " on this device"));
            if (keepMine) {
                EntityType type = Schema.entity(conflict[0]).orElseThrow();
                if (Records.find(tx, type.name(), conflict[1])
                        .filter(r -> !r.deleted())
                        .isEmpty()) {
                    throw new IllegalStateException(type.name() + "/" + conflict[1] + " is deleted: undelete it first,"
                            + " then keep your " + conflict[2]);
                }
                Map<String, Object> lost = new java.util.HashMap<>();
                Object value = Json.tree(conflict[3] == null ? "null" : conflict[3]);
                if (CustomValues.isKey(conflict[2])) {
                    Map<String, Object> custom = new java.util.HashMap<>();
                    custom.put(CustomValues.nameOf(conflict[2]), value);
                    lost.put(CustomValues.MEMBER, custom);
                } else {
                    lost.put(conflict[2], value);
                }
                Map<String, Object> values = updatable(type, conflict[1], lost);
                writer.add(tx, type, conflict[1], Operation.UPSERT, values, null, null, Action.UPDATE);
            }
            tx.update("UPDATE conflicts SET dismissed = 1 WHERE id = ?", conflictId);
            return keepMine ? conflict[0] + "/" + conflict[1] : null;
        });
        if (key != null) {
            written.accept(Set.of(key));
        }
    }

    public void adjust(EntityType type, String id, String counter, long delta) {
        try {
            MutationRules.deltas(type, Map.of(counter, delta));
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
        queue(type, id, Operation.ADJUST, Map.of(), Map.of(counter, delta), null, Action.ADJUST);
    }

    /** A ticket part and its stock adjustment, queued as one all-or-nothing group. */
    public String addPart(Map<String, Object> part, String itemId, long quantity) {
        String partId = TimeOrderedIds.newId();
        Map<String, Object> values = WriteValues.creatable(Schema.TICKET_PARTS, partId, part, CustomFieldSet.EMPTY);
        String group = TimeOrderedIds.newId();
        Map<String, Long> take = Map.of("quantity", -quantity);
        db.transaction(tx -> {
            writer.add(tx, Schema.TICKET_PARTS, partId, Operation.UPSERT, values, null, group, Action.CREATE);
            writer.add(tx, Schema.INVENTORY_ITEMS, itemId, Operation.ADJUST, Map.of(), take, group, Action.ADJUST);
            return null;
        });
        written.accept(Set.of("ticketParts/" + partId, "inventoryItems/" + itemId));
        return partId;
    }

    private void queue(
            EntityType type,
            String id,
            Operation op,
            Map<String, Object> values,
            Map<String, Long> deltas,
            String group,
            Action action) {
        db.transaction(tx -> {
            writer.add(tx, type, id, op, values, deltas, group, action);
            return null;
        });
        written.accept(Set.of(type.name() + "/" + id));
    }

    /**
     * Attaches a file to a ticket or a customer: its bytes (and a photo's thumbnail) and the
     * attachment record go into one local transaction; the record is pushed once the upload lane
     * has sent the file.
     *
     * @param ownerField {@code ticketId} or {@code customerId}
     * @return the attachment's id
     */
    public String attach(
            String ownerField,
            String ownerId,
            java.io.InputStream bytes,
            String fileName,
            String kind,
            String caption) {
        DeviceFileLane lane = files();
        String id = TimeOrderedIds.newId();
        db.transaction(tx -> {
            java.time.Instant now = clock.instant();
            LocalFiles.Stored original = lane.intake(tx, bytes, now);
            java.util.Optional<LocalFiles.Stored> thumbnail = lane.thumbnail(tx, original, now);
            Map<String, Object> fields = new java.util.HashMap<>();
            fields.put(ownerField, ownerId);
            fields.put("kind", kind);
            fields.put("caption", caption);
            fields.put("fileHash", original.hash());
            fields.put("contentType", original.contentType());
            fields.put("size", original.size());
            fields.put("fileName", fileName);
            thumbnail.ifPresent(t -> fields.put("thumbnailHash", t.hash()));
            fields.put("addedBy", actingEmployee(tx));
            fields.put("addedAt", com.repairsync.protocol.WireInstant.format(now));
            fields.values().removeIf(java.util.Objects::isNull);
            Map<String, Object> values = WriteValues.creatable(Schema.ATTACHMENTS, id, fields, CustomFieldSet.EMPTY);
            writer.add(tx, Schema.ATTACHMENTS, id, Operation.UPSERT, values, null, null, Action.CREATE);
            FileWaits.hold(tx, Schema.ATTACHMENTS, id, values);
            return null;
        });
        written.accept(Set.of(Schema.ATTACHMENTS.name() + "/" + id));
        lane.uploadSoon();
        return id;
    }

    // ------------------------------------------------------------------ employees and PINs

    /** The employee this device acts for: the one switched in by PIN, else the one signed in. */
    public String actingEmployee(LocalDatabase.Tx tx) throws SQLException {
        return ActingEmployees.acting(tx);
    }

    /**
     * Switches the acting employee after checking their PIN against the synced hash; works
     * offline. A device signed in by a technician or front desk employee acts only for them.
     *
     * <p>After a right PIN: a PIN shorter than the employee's role now requires is refused with
     * {@link PinChangeRequiredException} (nothing switched; {@link #switchEmployee(String, String,
     * String)} sets a new one). A hash made at less than this device's cost is replaced by a new
     * hash of the same PIN, written as the employee's own change, and the switch goes ahead.
     */
    public void switchEmployee(String employeeId, String pin) {
        employeeSwitch.switchEmployee(employeeId, pin);
    }

    /**
     * Switches the acting employee after checking their PIN, and gives them {@code newPin}: its hash
     * is written as the employee's own change to their record (the one write an employee may make to
     * their record whatever their role) and syncs like any other.
     *
     * @throws IllegalArgumentException if {@code newPin} breaks the PIN policy for the employee's
     *     role (checked first: the old PIN is not tried, no attempt is counted)
     */
    public void switchEmployee(String employeeId, String pin, String newPin) {
        employeeSwitch.switchEmployee(employeeId, pin, newPin);
    }

    /**
     * The Argon2id hash of a new PIN for an employee, at this device's cost.
     *
     * @throws IllegalArgumentException if the PIN is not 4 to 8 digits, or shorter than the
     *     employee's role requires (6 for admins and managers)
     * @throws RecordNotFoundException if there is no such employee
     */
    public String hashPin(String employeeId, String pin) {
        return employeeSwitch.hashPin(employeeId, pin);
    }

    public String actingEmployee() {
        return db.transaction(this::actingEmployee);
    }

    // ------------------------------------------------------------------ reads

    public Optional<ObjectNode> view(EntityType type, String id) {
        return db.transaction(tx -> Records.find(tx, type.name(), id))
                .filter(row -> !row.deleted() && row.view() != null)
                .map(DeviceCore::withStatus);
    }

    /** Live views meeting a condition, in an order, at most {@code limit} (negative: all): see {@link Records#list}. */
    public List<ObjectNode> list(
            EntityType type, DeviceIndex index, String condition, String orderBy, int limit, Object... params) {
        return db.transaction(tx -> Records.list(tx, type, index, condition, orderBy, limit, params)).stream()
                .map(DeviceCore::withStatus)
                .toList();
    }

    /** Live views matching typed text, in the order of a declared index (see {@link RecordSearch}). */
    public List<ObjectNode> search(EntityType type, DeviceIndex order, String text, int limit) {
        return db.transaction(tx -> RecordSearch.search(tx, type, order, text, limit)).stream()
                .map(DeviceCore::withStatus)
                .toList();
    }

    /** Records of an entity this device holds as deleted, with their last values, newest first (see {@link Records#deleted}). */
    public List<ObjectNode> deleted(EntityType type, int limit) {
        return db.transaction(tx -> Records.deleted(tx, type.name(), limit)).stream()
                .map(DeviceCore::withStatus)
                .toList();
    }

    public SyncStatus status(String entity, String id) {
        return db.transaction(tx -> Records.find(tx, entity, id))
                .map(Records.Row::status)
                .orElseThrow(() -> new RecordNotFoundException(entity, id));
    }

    private static ObjectNode withStatus(Records.Row row) {
        ObjectNode view = row.view().deepCopy();
        view.put("syncStatus", row.status().name());
        return view;
    }

    /** The HLC this device stamped last (persisted), so its clock never runs backwards across restarts. */
    public static Optional<Hlc> highWater(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.HLC_HIGH_WATER))
                .map(Hlc::parse);
    }
}
