package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.NotJoinedException;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.PinChangeRequiredException;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.SyncStatus;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The device's local side: validated writes that store the record and its outbox mutation in one
 * transaction, rebased reads, and the acting employee. The permission table from {@code protocol}
 * runs here before anything is queued.
 */
public final class DeviceCore {
    private final LocalDatabase db;
    private final Clock clock;
    private final Supplier<HlcClock> hlc;
    private final ToIntFunction<String> priority;
    private final PinPad pinPad;
    private final Consumer<java.util.Set<String>> written;

    private final StepUps stepUps;

    public DeviceCore(
            LocalDatabase db,
            Clock clock,
            Supplier<HlcClock> hlc,
            ToIntFunction<String> priority,
            PinPad pinPad,
            Consumer<java.util.Set<String>> written) {
        this(db, clock, hlc, priority, pinPad, written, new StepUps());
    }

    /** A core that lets an actor create or promote an admin while {@code stepUps} holds their confirmation. */
    public DeviceCore(
            LocalDatabase db,
            Clock clock,
            Supplier<HlcClock> hlc,
            ToIntFunction<String> priority,
            PinPad pinPad,
            Consumer<java.util.Set<String>> written,
            StepUps stepUps) {
        this.stepUps = stepUps;
        this.db = db;
        this.clock = clock;
        this.hlc = hlc;
        this.priority = priority;
        this.pinPad = pinPad;
        this.written = written;
    }

    // ------------------------------------------------------------------ writes

    public String create(EntityType type, Map<String, ?> fields) {
        String id = TimeOrderedIds.newId();
        Map<String, Object> values = creatable(type, id, fields);
        queue(type, id, Operation.UPSERT, values, null, null, Action.CREATE);
        return id;
    }

    public void update(EntityType type, String id, Map<String, ?> fields) {
        Map<String, Object> values = validate(type, fields);
        for (String name : values.keySet()) {
            if (type.field(name).orElseThrow().isCounter()) {
                throw new InvalidRecordException(
                        name, name + " is a counter: it is set when the record is created, then only adjusted");
            }
        }
        queue(type, id, Operation.UPSERT, values, null, null, Action.UPDATE);
    }

    public void delete(EntityType type, String id) {
        queue(type, id, Operation.DELETE, Map.of(), null, null, Action.DELETE);
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
        Map<String, Object> values = creatable(Schema.TICKET_PARTS, partId, part);
        String group = TimeOrderedIds.newId();
        Map<String, Long> take = Map.of("quantity", -quantity);
        db.transaction(tx -> {
            Writer writer = new Writer(tx);
            writer.add(Schema.TICKET_PARTS, partId, Operation.UPSERT, values, null, group, Action.CREATE);
            writer.add(Schema.INVENTORY_ITEMS, itemId, Operation.ADJUST, Map.of(), take, group, Action.ADJUST);
            return null;
        });
        written.accept(java.util.Set.of("ticketParts/" + partId, "inventoryItems/" + itemId));
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
            new Writer(tx).add(type, id, op, values, deltas, group, action);
            return null;
        });
        written.accept(java.util.Set.of(type.name() + "/" + id));
    }

    /** One local transaction's writes: each checked, stored with its outbox entry, and rebased. */
    private final class Writer {
        private final LocalDatabase.Tx tx;

        Writer(LocalDatabase.Tx tx) {
            this.tx = tx;
        }

        void add(
                EntityType type,
                String id,
                Operation op,
                Map<String, Object> values,
                Map<String, Long> deltas,
                String group,
                Action action)
                throws SQLException {
            Optional<Records.Row> row = Records.find(tx, type.name(), id).filter(r -> !r.deleted());
            if (action == Action.CREATE && row.isPresent()) {
                throw new IllegalStateException(type.name() + "/" + id + " already exists");
            }
            if (action != Action.CREATE && row.isEmpty()) {
                throw new RecordNotFoundException(type.name(), id);
            }
            String actor = actingEmployee(tx);
            Role role = roleOf(tx, actor);
            refuseOutranking(tx, actor, role);
            RecordState existing = row.map(r -> state(type, r.view())).orElse(null);
            Permissions.denial(actor, role, type, action, id, values, existing).ifPresent(reason -> {
                throw new PermissionDeniedException(reason);
            });
            if (Permissions.needsStepUp(type, values, existing)
                    && stepUps.valid(actor, clock.instant()).isEmpty()) {
                throw new ReauthenticationRequiredException("creating an admin or making someone one needs " + actor
                        + "'s password again: confirm it first (confirmPassword), then save again");
            }
            Hlc stamp = hlc.get().now();
            Instant now = clock.instant();
            Outbox.add(
                    tx,
                    new OutboxEntry(
                            0,
                            TimeOrderedIds.newId(),
                            type.name(),
                            id,
                            op,
                            op == Operation.UPSERT ? Json.wireObject(values) : null,
                            deltas,
                            stamp.toString(),
                            actor,
                            group,
                            priority.applyAsInt(type.name()),
                            false,
                            0,
                            null,
                            null,
                            null,
                            null,
                            null),
                    now);
            DeviceInfo.put(tx, DeviceInfo.HLC_HIGH_WATER, stamp.toString());
            Records.rebase(tx, type.name(), id, now);
        }
    }

    /** Validated values for a new record, with every required field present (the merge's own check). */
    private static Map<String, Object> creatable(EntityType type, String id, Map<String, ?> fields) {
        Map<String, Object> values = validate(type, fields);
        try {
            Merge.apply(type, null, Operation.UPSERT, values, null, new Hlc(0, 0, "check"), id);
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
        return values;
    }

    private static Map<String, Object> validate(EntityType type, Map<String, ?> fields) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        fields.forEach((name, value) -> json.set(name, Json.wire(value)));
        try {
            return MutationRules.fields(type, json);
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
    }

    /** The canonical values of a stored view, for permission checks that look at the record. */
    private static RecordState state(EntityType type, ObjectNode view) {
        Map<String, Object> values = new HashMap<>();
        for (FieldSpec field : type.fields()) {
            JsonNode value = view == null ? null : view.get(field.name());
            if (value != null && !value.isNull()) {
                try {
                    values.put(field.name(), field.parse(value));
                } catch (Violation ignored) {
                    // a value the declaration no longer accepts does not decide a permission
                }
            }
        }
        return new RecordState(values, Map.of(), false, null);
    }

    // ------------------------------------------------------------------ employees and PINs

    /** The employee this device acts for: the one switched in by PIN, else the one signed in. */
    public String actingEmployee(LocalDatabase.Tx tx) throws SQLException {
        return DeviceInfo.get(tx, DeviceInfo.ACTING_EMPLOYEE)
                .or(() -> signedIn(tx))
                .orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
    }

    private static Optional<String> signedIn(LocalDatabase.Tx tx) {
        try {
            return DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_EMPLOYEE);
        } catch (SQLException e) {
            throw new com.repairsync.client.LocalStoreException("device database: " + e.getMessage(), e);
        }
    }

    /**
     * The rule the server holds too: the acting employee never outranks the employee who signed
     * the device in, as that employee's role is now (the lower of the role at sign-in and the synced
     * one). A manager's tablet never acts as an admin.
     */
    private static void refuseOutranking(LocalDatabase.Tx tx, String actor, Role actorRole) throws SQLException {
        Role signer = signerRole(tx);
        if (actorRole.outranks(signer)) {
            throw new PermissionDeniedException("this device was signed in by a " + signer.wireName()
                    + " and may not act as " + actor + ", a " + actorRole.wireName());
        }
    }

    private static Role signerRole(LocalDatabase.Tx tx) throws SQLException {
        String signedIn =
                signedIn(tx).orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
        Role atSignIn = Role.fromWire(
                        DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).orElse(""))
                .orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
        Role now = roleOf(tx, signedIn);
        return now.outranks(atSignIn) ? atSignIn : now;
    }

    /** An employee's role from the synced employees (the signed-in role until they arrive). */
    private static Role roleOf(LocalDatabase.Tx tx, String employeeId) throws SQLException {
        Optional<String> synced = Records.find(tx, "employees", employeeId)
                .filter(row -> !row.deleted() && row.view() != null)
                .map(row -> row.view().path("role").asText(null));
        String role = synced.isPresent()
                ? synced.get()
                : DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).orElse(null);
        return Role.fromWire(role).orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
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
        Switching who = switching(employeeId);
        pinPad.check(pin, who.pinHash()); // slow hash and lock bookkeeping outside the write transaction
        if (!PinPolicy.longEnough(who.role(), pin)) {
            throw new PinChangeRequiredException(
                    employeeId, who.role().wireName(), PinPolicy.minimumLength(who.role()));
        }
        String rehashed = pinPad.current(who.pinHash()) ? null : pinPad.hash(pin);
        switchTo(employeeId, rehashed);
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
        Switching who = switching(employeeId);
        PinPolicy.validate(who.role(), newPin);
        pinPad.check(pin, who.pinHash());
        switchTo(employeeId, pinPad.hash(newPin));
    }

    /** The employee being switched to, after the checks that need no PIN. */
    private record Switching(Role role, String pinHash) {}

    private Switching switching(String employeeId) {
        return db.transaction(tx -> {
            String signedIn =
                    signedIn(tx).orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
            Role signedInRole = Role.fromWire(
                            DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).orElse(""))
                    .orElseThrow(() -> new NotJoinedException("this device is not signed in to a shop"));
            if (!signedInRole.managesShop() && !signedIn.equals(employeeId)) {
                throw new PermissionDeniedException(
                        "this device was joined by a " + signedInRole.wireName() + " and acts only for that employee");
            }
            ObjectNode employee = Records.find(tx, "employees", employeeId)
                    .filter(row -> !row.deleted() && row.view() != null)
                    .map(Records.Row::view)
                    .orElseThrow(() -> new RecordNotFoundException("employees", employeeId));
            if (!employee.path("active").asBoolean(true)) {
                throw new PermissionDeniedException("employee " + employeeId + " is deactivated");
            }
            Role role = Role.fromWire(employee.path("role").asText(""))
                    .orElseThrow(() -> new PermissionDeniedException("employee " + employeeId + " has no known role"));
            refuseOutranking(tx, employeeId, role);
            return new Switching(role, employee.path("pinHash").asText(null));
        });
    }

    /** Makes the employee the actor and, with a new hash, writes it as their own change, in one transaction. */
    private void switchTo(String employeeId, String newPinHash) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.ACTING_EMPLOYEE, employeeId);
            if (newPinHash != null) {
                new Writer(tx)
                        .add(
                                Schema.EMPLOYEES,
                                employeeId,
                                Operation.UPSERT,
                                Map.of("pinHash", newPinHash),
                                null,
                                null,
                                Action.UPDATE);
            }
            return null;
        });
        if (newPinHash != null) {
            written.accept(java.util.Set.of("employees/" + employeeId));
        }
    }

    /**
     * The Argon2id hash of a new PIN for an employee, at this device's cost.
     *
     * @throws IllegalArgumentException if the PIN is not 4 to 8 digits, or shorter than the
     *     employee's role requires (6 for admins and managers)
     * @throws RecordNotFoundException if there is no such employee
     */
    public String hashPin(String employeeId, String pin) {
        Role role = db.transaction(tx -> Records.find(tx, "employees", employeeId)
                        .filter(row -> !row.deleted() && row.view() != null)
                        .flatMap(row -> Role.fromWire(row.view().path("role").asText(""))))
                .orElseThrow(() -> new RecordNotFoundException("employees", employeeId));
        PinPolicy.validate(role, pin);
        return pinPad.hash(pin);
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

    /** Live views matching a condition over the view, in an order, at most {@code limit} (negative: all). */
    public List<ObjectNode> query(EntityType type, String condition, String orderBy, int limit, Object... params) {
        return db.transaction(tx -> Records.where(tx, type.name(), condition, orderBy, limit, params)).stream()
                .filter(row -> row.view() != null)
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
