package com.repairsync.server.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Removes erased records' personal values from the JSON that copies them: history rows (each
 * personal field's change becomes {@code {"field": ..., "erased": true}}) and held changes (the
 * personal fields leave the mutation's {@code fields}, and {@code erasedFields} lists them, so the
 * admin reviewing it sees what went).
 */
final class ValueScrubber {
    /** The member of a held mutation that names the personal fields an erasure took out of it. */
    static final String ERASED_FIELDS = "erasedFields";

    private static final ObjectMapper JSON = JsonMappers.wire();

    private ValueScrubber() {}

    /** The personal fields' changes of a history row made value-less; empty if it holds none with values. */
    static Optional<String> history(EntityType type, String changesJson) {
        Set<String> personal = personalNames(type);
        JsonNode changes = read(changesJson, "history changes");
        if (!changes.isArray()) {
            throw new IllegalStateException("history changes are not a JSON array");
        }
        ArrayNode rewritten = JSON.createArrayNode();
        boolean changed = false;
        for (JsonNode change : changes) {
            String field = change.path("field").asText("");
            boolean alreadyErased = change.path("erased").asBoolean(false) && change.size() == 2;
            boolean personalCustom = type.customValuesArePersonal() && CustomValues.isKey(field);
            if ((personal.contains(field) || personalCustom) && !alreadyErased) {
                rewritten.add(JSON.valueToTree(HistoryEntry.FieldChange.erasedField(field)));
                changed = true;
            } else {
                rewritten.add(change);
            }
        }
        return changed ? Optional.of(rewritten.toString()) : Optional.empty();
    }

    /**
     * The history changes of an erasure: each personal field of the entity, erased, then each custom
     * value the record had where the entity's custom values are personal.
     */
    static String erasedFields(EntityType type, RecordState before) {
        ArrayNode changes = JSON.createArrayNode();
        type.personalFields()
                .forEach(field -> changes.add(JSON.valueToTree(HistoryEntry.FieldChange.erasedField(field.name()))));
        if (type.customValuesArePersonal()) {
            before.values().keySet().stream()
                    .filter(CustomValues::isKey)
                    .sorted()
                    .forEach(key -> changes.add(JSON.valueToTree(HistoryEntry.FieldChange.erasedField(key))));
        }
        return changes.toString();
    }

    /**
     * A held mutation without the personal values it carries, if it is about erased data: a change
     * of a record the erasure took ({@code taken}), or a new record naming a taken subject (a ticket
     * of the customer) or, holding files, a taken owner. Empty when it is about none, or carries no
     * personal field.
     */
    static Optional<String> held(String mutationJson, BiPredicate<EntityType, String> taken) {
        JsonNode parsed = read(mutationJson, "held change");
        if (!(parsed instanceof ObjectNode mutation)) {
            return Optional.empty();
        }
        Optional<EntityType> type = Schema.entity(mutation.path("entity").asText(null));
        if (type.isEmpty() || !(mutation.get("fields") instanceof ObjectNode fields)) {
            return Optional.empty();
        }
        String recordId =
                FieldSpec.canonicalUuid(mutation.path("recordId").asText(null)).orElse("");
        if (!taken.test(type.get(), recordId) && !namesTaken(type.get(), fields, taken)) {
            return Optional.empty();
        }
        Set<String> removed = new LinkedHashSet<>();
        for (String name : personalNames(type.get())) {
            if (fields.remove(name) != null) {
                removed.add(name);
            }
        }
        if (type.get().customValuesArePersonal() && fields.remove(CustomValues.MEMBER) != null) {
            removed.add(CustomValues.MEMBER); // the person's own fields' values, all of them
        }
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        Set<String> all = new LinkedHashSet<>();
        mutation.path(ERASED_FIELDS).forEach(node -> all.add(node.asText()));
        all.addAll(removed);
        ArrayNode erased = mutation.putArray(ERASED_FIELDS);
        all.forEach(erased::add);
        return Optional.of(mutation.toString());
    }

    private static boolean namesTaken(EntityType type, ObjectNode fields, BiPredicate<EntityType, String> taken) {
        for (FieldSpec field : type.fields()) {
            JsonNode value = fields.get(field.name());
            if (field.type() != FieldType.REFERENCE || value == null || !value.isTextual()) {
                continue;
            }
            EntityType target = Schema.entity(field.references()).orElseThrow();
            boolean counts = target == ErasureCascade.SUBJECT
                    || ErasureCascade.holdsFiles(type) && type.ownerFields().contains(field.name());
            String id = FieldSpec.canonicalUuid(value.textValue()).orElse("");
            if (counts && taken.test(target, id)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> personalNames(EntityType type) {
        Set<String> names = new LinkedHashSet<>();
        type.personalFields().stream().map(FieldSpec::name).forEach(names::add);
        return names;
    }

    /** Parses stored JSON; the message never quotes it (it may hold the values being erased). */
    private static JsonNode read(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is not JSON (" + json.length() + " characters)", e);
        }
    }
}
