package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.StoredInstants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a pushed mutation's JSON once into a {@link PushedMutation}, checking each member in wire
 * order (entity, recordId, op, hlc, actorId, then the fields or deltas of its op) and refusing the
 * first bad one with a {@link Violation} that names it. Whether the actor may make the change is
 * not its concern. The {@code custom} member of an upsert (wire version 8) is kept as sent: the
 * batch checks it against the shop's declarations as they are when the mutation is applied.
 *
 * <p>A device speaking a newer protocol than this server ({@link WireVersions#CURRENT}) may name an
 * entity, a field or a counter this server does not know yet: the mutation is refused whole with
 * the retriable {@code not_yet_known}, before anything else of it is checked, and the device sends
 * it again later (after the server is updated). A device at or below this server's version naming
 * an unknown one is told {@code unknown_entity} or {@code invalid_field}, as always: that is a bug.
 */
final class MutationReader {
    private final Clock clock;
    private final Duration maxClockSkew;

    MutationReader(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * The mutation in typed form.
     *
     * @param protocol the wire version of the device that sent it: entities newer than it are unknown
     * @throws Violation naming the first member that is missing, malformed or not allowed for its op
     */
    PushedMutation read(ObjectNode mutation, int protocol) {
        EntityType type = entity(mutation, protocol);
        String recordId = FieldSpec.canonicalUuid(text(mutation, "recordId"))
                .orElseThrow(() -> new Violation(ErrorCode.VALIDATION_FAILED, "recordId", "recordId must be a UUID"));
        // A restore is wire version 6: an older device never sends one.
        Operation op = Operation.fromWire(text(mutation, "op"))
                .filter(known -> known != Operation.RESTORE || protocol >= PullService.RESTORE_VERSION)
                .orElseThrow(() -> new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        "op",
                        protocol >= PullService.RESTORE_VERSION
                                ? "op must be upsert, delete, adjust or restore"
                                : "op must be upsert, delete or adjust"));
        Hlc hlc = hlc(mutation);
        String actorId = FieldSpec.canonicalUuid(text(mutation, "actorId"))
                .orElseThrow(() -> new Violation(ErrorCode.VALIDATION_FAILED, "actorId", "actorId must be a UUID"));
        Map<String, Object> fields = Map.of();
        Map<String, Long> deltas = Map.of();
        JsonNode custom = null;
        Boolean create;
        if (protocol > WireVersions.CURRENT) {
            refuseNotYetKnown(mutation, type, op);
        }
        try {
            create = create(mutation, op);
            switch (op) {
                case UPSERT -> {
                    refuseMember(mutation, "deltas", "upsert sets fields; use op adjust for deltas");
                    ObjectNode wireFields = fieldsObject(mutation);
                    if (wireFields != null && type.allowsCustomFields() && protocol >= CustomField.SINCE_PROTOCOL) {
                        // Checked when applied, against the declarations as the batch has them then.
                        custom = wireFields.get(CustomValues.MEMBER);
                        fields = MutationRules.builtInFields(type, wireFields);
                    } else {
                        fields = MutationRules.fields(type, wireFields);
                    }
                    fields.forEach(MutationReader::refuseUnstorable);
                }
                case ADJUST -> {
                    refuseMember(mutation, "fields", "adjust carries deltas, not fields");
                    deltas = MutationRules.deltas(type, deltas(mutation));
                }
                case DELETE, RESTORE -> {
                    refuseMember(mutation, "fields", op.wireName() + " carries no fields");
                    refuseMember(mutation, "deltas", op.wireName() + " carries no deltas");
                }
            }
        } catch (Violation body) {
            throw new BodyViolation(actorId, body);
        }
        return new PushedMutation(
                mutationId(mutation), type, recordId, op, hlc, actorId, fields, deltas, create, custom);
    }

    /**
     * Refuses, as not known yet, a mutation of a newer device naming a field of its upsert or a
     * counter of its adjust that this server's declaration of the entity lacks (a {@code custom}
     * member too, where the entity takes none). Server-owned names are left to the usual refusal.
     */
    private static void refuseNotYetKnown(ObjectNode mutation, EntityType type, Operation op) {
        String member = op == Operation.ADJUST ? "deltas" : op == Operation.UPSERT ? "fields" : null;
        if (member == null || !(mutation.get(member) instanceof ObjectNode named)) {
            return;
        }
        Iterator<String> names = named.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            boolean known = type.field(name).isPresent()
                    || Schema.SERVER_OWNED_FIELDS.contains(name)
                    || (op == Operation.UPSERT && CustomValues.MEMBER.equals(name) && type.allowsCustomFields());
            if (!known) {
                throw notYetKnown(name, type.name() + "." + name);
            }
        }
    }

    /** The refusal of a change naming what this server does not know yet: retriable, nothing applied. */
    static Violation notYetKnown(String field, String what) {
        return new Violation(
                ErrorCode.NOT_YET_KNOWN,
                field,
                "this server (protocol " + WireVersions.CURRENT + ") does not know " + what
                        + " yet; the change waits whole, nothing of it applied, and goes again once the server is"
                        + " updated");
    }

    /** The mutation's entity, as the device's wire version knows it. */
    private static EntityType entity(ObjectNode mutation, int protocol) {
        String entity = text(mutation, "entity");
        if (protocol > WireVersions.CURRENT && Schema.entity(entity).isEmpty()) {
            throw notYetKnown("entity", "entity " + entity);
        }
        // An entity newer than the device's protocol is unknown to it: an older device never sends one.
        return Schema.entity(entity)
                .filter(known -> known.sinceProtocol() <= protocol)
                .orElseThrow(() -> new Violation(
                        ErrorCode.UNKNOWN_ENTITY,
                        "entity",
                        "entity " + mutation.path("entity") + " is not one of "
                                + Schema.entities().stream()
                                        .filter(known -> known.sinceProtocol() <= protocol)
                                        .map(EntityType::name)
                                        .toList()));
    }

    /** The optional {@code create} of an upsert: true, false, or null (absent: the server infers). */
    private static Boolean create(ObjectNode mutation, Operation op) {
        JsonNode value = mutation.get("create");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "create", "create must be true or false");
        }
        if (op != Operation.UPSERT) {
            throw new Violation(ErrorCode.INVALID_FIELD, "create", "create belongs to upserts only");
        }
        return value.booleanValue();
    }

    /**
     * A mutation whose header (entity, record, op, HLC, actor) was readable but whose fields or
     * deltas were not. The push checks the actor first, as it always has: a device acting for
     * someone it may not act for is told so ({@code forbidden}) before what is wrong with the fields.
     */
    static final class BodyViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String actorId;
        private final transient Violation violation;

        BodyViolation(String actorId, Violation violation) {
            super(violation.getMessage(), violation, false, false);
            this.actorId = actorId;
            this.violation = violation;
        }

        String actorId() {
            return actorId;
        }

        Violation violation() {
            return violation;
        }
    }

    /** The mutation id, which the HTTP layer checked to be a string. */
    static String mutationId(ObjectNode mutation) {
        return mutation.get("mutationId").textValue();
    }

    private Hlc hlc(ObjectNode mutation) {
        Hlc hlc;
        try {
            hlc = Hlc.parse(text(mutation, "hlc"));
        } catch (IllegalArgumentException e) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "hlc", "hlc is malformed: " + e.getMessage());
        }
        long limit = clock.millis() + maxClockSkew.toMillis();
        if (hlc.millis() > limit) {
            throw new Violation(
                    ErrorCode.CLOCK_SKEW,
                    "hlc",
                    "hlc " + hlc + " is "
                            + Duration.ofMillis(hlc.millis() - clock.millis()).toSeconds()
                            + " s ahead of the server clock; the limit is "
                            + maxClockSkew.toSeconds() + " s");
        }
        return hlc;
    }

    private static String text(ObjectNode mutation, String member) {
        JsonNode value = mutation.get(member);
        if (value == null || value.isNull()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, member, member + " is required");
        }
        if (!value.isTextual()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, member, member + " must be a string");
        }
        refuseNul(member, value.textValue());
        return value.textValue();
    }

    /** Refuses a field value that one of the databases could not store as it is. */
    static void refuseUnstorable(String field, Object value) {
        if (value instanceof String text) {
            refuseNul(field, text);
        } else if (value instanceof Instant instant && !StoredInstants.contains(instant)) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    field,
                    field + " must be " + StoredInstants.RANGE + ", got " + instant);
        }
    }

    /**
     * Refuses text with U+0000, which PostgreSQL cannot store in text or jsonb; refused on SQLite
     * too, so both databases accept the same writes.
     */
    private static void refuseNul(String field, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED, field, field + " may not contain the NUL character (U+0000)");
        }
    }

    private static void refuseMember(ObjectNode mutation, String member, String reason) {
        JsonNode value = mutation.get(member);
        if (value != null && !value.isNull() && !(value.isObject() && value.isEmpty())) {
            throw new Violation(ErrorCode.INVALID_FIELD, member, reason);
        }
    }

    private static ObjectNode fieldsObject(ObjectNode mutation) {
        JsonNode fields = mutation.get("fields");
        if (fields == null || fields.isNull()) {
            return null;
        }
        if (!fields.isObject()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "fields", "fields must be an object");
        }
        return (ObjectNode) fields;
    }

    private static Map<String, Long> deltas(ObjectNode mutation) {
        JsonNode deltas = mutation.get("deltas");
        if (deltas == null || deltas.isNull()) {
            return Map.of();
        }
        if (!deltas.isObject()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "deltas", "deltas must be an object");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = deltas.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode delta = entry.getValue();
            if (!delta.isIntegralNumber() || !delta.canConvertToLong()) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        entry.getKey(),
                        "delta of " + entry.getKey() + " must be a whole number");
            }
            values.put(entry.getKey(), delta.longValue());
        }
        return values;
    }
}
