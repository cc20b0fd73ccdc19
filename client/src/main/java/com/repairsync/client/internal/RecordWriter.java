package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Permissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One local write inside the caller's transaction: checked against the acting employee's
 * permissions (and a password confirmation where one is needed), stored as an outbox mutation
 * stamped with the device's clock, and rebased into the record's view.
 */
final class RecordWriter {
    private final Clock clock;
    private final Supplier<HlcClock> hlc;
    private final ToIntFunction<String> priority;
    private final StepUps stepUps;

    RecordWriter(Clock clock, Supplier<HlcClock> hlc, ToIntFunction<String> priority, StepUps stepUps) {
        this.clock = clock;
        this.hlc = hlc;
        this.priority = priority;
        this.stepUps = stepUps;
    }

    /**
     * Checks the write, queues its mutation and rebases the record, all in {@code tx}.
     *
     * @throws RecordNotFoundException if the record to change does not exist
     * @throws PermissionDeniedException if the acting employee may not make the change
     * @throws ReauthenticationRequiredException if the change needs a password confirmation first
     */
    void add(
            LocalDatabase.Tx tx,
            EntityType type,
            String id,
            Operation op,
            Map<String, Object> values,
            Map<String, Long> deltas,
            String group,
            Action action)
            throws SQLException {
        String actor = permittedActor(tx, type, id, values, action, op == Operation.RESTORE);
        Hlc stamp = hlc.get().now();
        Instant now = clock.instant();
        Outbox.add(
                tx,
                OutboxEntry.queued(
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
                        op == Operation.UPSERT ? action == Action.CREATE : null),
                now);
        DeviceInfo.put(tx, DeviceInfo.HLC_HIGH_WATER, stamp.toString());
        Records.rebase(tx, type.name(), id, now);
    }

    /**
     * The acting employee, once the record's existence and their permission for the change are
     * checked. A restore needs a record this device holds as deleted; every other change but a
     * create one it shows.
     */
    private String permittedActor(
            LocalDatabase.Tx tx, EntityType type, String id, Map<String, Object> values, Action action, boolean restore)
            throws SQLException {
        Optional<Records.Row> found = Records.find(tx, type.name(), id);
        Optional<Records.Row> row = found.filter(r -> r.deleted() == restore);
        if (action == Action.CREATE && row.isPresent()) {
            throw new IllegalStateException(type.name() + "/" + id + " already exists");
        }
        if (restore && found.isPresent() && row.isEmpty()) {
            throw new IllegalStateException(type.name() + "/" + id + " is not deleted: there is nothing to undelete");
        }
        if (action != Action.CREATE && row.isEmpty()) {
            throw new RecordNotFoundException(type.name(), id);
        }
        String actor = ActingEmployees.acting(tx);
        Role role = ActingEmployees.roleOf(tx, actor);
        ActingEmployees.refuseOutranking(tx, actor, role);
        // A deleted record's view is hidden: its server state says who it is (an admin, say).
        RecordState existing =
                row.map(r -> state(type, restore ? r.base() : r.view())).orElse(null);
        Permissions.denial(actor, role, type, action, id, values, existing).ifPresent(reason -> {
            throw new PermissionDeniedException(reason);
        });
        if (Permissions.needsStepUp(type, values, existing)
                && stepUps.valid(actor, clock.instant()).isEmpty()) {
            throw new ReauthenticationRequiredException("creating an admin or making someone one needs " + actor
                    + "'s password again: confirm it first (confirmPassword), then save again");
        }
        return actor;
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
}
