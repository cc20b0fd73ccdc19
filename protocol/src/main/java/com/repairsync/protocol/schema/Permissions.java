package com.repairsync.protocol.schema;

import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.RecordState;
import java.util.Map;
import java.util.Optional;

/**
 * The one permission table, run by the client (to refuse a write before it is queued) and by the
 * server (which decides). The per-entity grants live in {@link Schema}; this adds the rule that
 * only an admin creates, changes or removes an admin, and the one an employee may always do to
 * their own record: set a new PIN hash ({@link #denial(String, Role, EntityType, Action, String, Map,
 * RecordState)}).
 */
public final class Permissions {
    private Permissions() {}

    /**
     * Why an actor may not do an action to a record, or empty if they may. Besides the role's
     * grants, any employee may update their own record's {@code pinHash} to a new hash, and nothing
     * else with it: a technician switched in on a shared desk sets their own PIN when the PIN
     * policy asks for a new one. The server holds this rule as the client does; the actor is the
     * one the server checked against the device's sign-in.
     *
     * @param actorId the employee named as the actor
     * @param recordId the record written
     */
    public static Optional<String> denial(
            String actorId,
            Role actor,
            EntityType type,
            Action action,
            String recordId,
            Map<String, Object> fields,
            RecordState existing) {
        if (ownPinHash(actorId, type, action, recordId, fields, existing)) {
            return Optional.empty();
        }
        Optional<String> createdBy = type.createdByField();
        if (action == Action.CREATE
                && createdBy.isPresent()
                && !java.util.Objects.equals(fields.get(createdBy.get()), actorId)) {
            return Optional.of(
                    createdBy.get() + " of a new " + type.name() + " record must be the acting employee, " + actorId);
        }
        return denial(actor, type, action, fields, existing);
    }

    /** An update of the actor's own live record that sets only a (non-null) PIN hash. */
    private static boolean ownPinHash(
            String actorId,
            EntityType type,
            Action action,
            String recordId,
            Map<String, Object> fields,
            RecordState existing) {
        return type == Schema.EMPLOYEES
                && action == Action.UPDATE
                && actorId != null
                && actorId.equals(recordId)
                && existing != null
                && !existing.deleted()
                && fields.size() == 1
                && fields.get("pinHash") != null;
    }

    /**
     * Why a role may not do an action, or empty if it may, whoever the record is.
     *
     * @param fields canonical values the write sets (empty for delete and adjust)
     * @param existing the record before the write, or null when it is created
     */
    public static Optional<String> denial(
            Role actor, EntityType type, Action action, Map<String, Object> fields, RecordState existing) {
        if (!type.allows(actor, action)) {
            return Optional.of(actor.wireName() + " may not " + verb(action) + " " + type.name());
        }
        if (type == Schema.EMPLOYEES && actor != Role.ADMIN) {
            boolean touchesAdmin = Role.ADMIN.wireName().equals(fields.get("role"))
                    || (existing != null && Role.ADMIN.wireName().equals(existing.value("role")));
            if (touchesAdmin) {
                return Optional.of(actor.wireName() + " may not create, change or remove an admin");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a write needs a fresh password confirmation of its actor (step-up) besides the
     * permission: creating an admin or making someone one.
     *
     * @param fields canonical values the write sets
     * @param existing the record before the write, or null when it is created
     */
    public static boolean needsStepUp(EntityType type, Map<String, Object> fields, RecordState existing) {
        if (type != Schema.EMPLOYEES || !Role.ADMIN.wireName().equals(fields.get("role"))) {
            return false;
        }
        return existing == null || existing.deleted() || !Role.ADMIN.wireName().equals(existing.value("role"));
    }

    private static String verb(Action action) {
        return switch (action) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case ADJUST -> "adjust";
        };
    }
}
