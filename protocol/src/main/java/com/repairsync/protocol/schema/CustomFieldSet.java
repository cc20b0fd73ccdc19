package com.repairsync.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shop's declared fields ({@link CustomField}), by entity and name: what a device or the server
 * checks custom values against. Immutable; {@link #with} gives a copy with one declaration more or
 * changed (a push that declares a field and then writes a ticket using it).
 */
public final class CustomFieldSet {
    /** No declarations: every custom value is refused as undeclared. */
    public static final CustomFieldSet EMPTY = new CustomFieldSet(Map.of());

    private static final Comparator<CustomField> FORM_ORDER = Comparator.comparingLong(CustomField::position)
            .thenComparing(CustomField::label, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(CustomField::name);

    private final Map<String, Map<String, CustomField>> byEntity;
    /** Each declaration's value rules ({@link CustomField#spec()}), built once per set, not per value checked. */
    private final Map<String, Map<String, FieldSpec>> specs = new HashMap<>();

    private CustomFieldSet(Map<String, Map<String, CustomField>> byEntity) {
        this.byEntity = byEntity;
        byEntity.forEach((entity, fields) -> {
            Map<String, FieldSpec> rules = new HashMap<>();
            fields.forEach((name, field) -> rules.put(name, field.spec()));
            specs.put(entity, rules);
        });
    }

    /** The set of these declarations; a later one of the same entity and name replaces an earlier one. */
    public static CustomFieldSet of(Collection<CustomField> declarations) {
        Map<String, Map<String, CustomField>> byEntity = new HashMap<>();
        for (CustomField field : declarations) {
            byEntity.computeIfAbsent(field.entity(), e -> new LinkedHashMap<>()).put(field.name(), field);
        }
        return new CustomFieldSet(byEntity);
    }

    /** A copy holding {@code field} in place of its earlier declaration, if any. */
    public CustomFieldSet with(CustomField field) {
        Map<String, Map<String, CustomField>> copy = new HashMap<>();
        byEntity.forEach((entity, fields) -> copy.put(entity, new LinkedHashMap<>(fields)));
        copy.computeIfAbsent(field.entity(), e -> new LinkedHashMap<>()).put(field.name(), field);
        return new CustomFieldSet(copy);
    }

    public Optional<CustomField> find(String entity, String name) {
        return Optional.ofNullable(byEntity.getOrDefault(entity, Map.of()).get(name));
    }

    /** Every declaration of an entity, removed ones too, in form order (position, then label). */
    public List<CustomField> all(String entity) {
        return byEntity.getOrDefault(entity, Map.of()).values().stream()
                .sorted(FORM_ORDER)
                .toList();
    }

    /** The fields forms and lists show: not removed, in form order. */
    public List<CustomField> active(String entity) {
        return all(entity).stream().filter(field -> !field.removed()).toList();
    }

    /** The declarations of an entity whose values a role receives, removed ones too. */
    public List<CustomField> visibleTo(String entity, Role role) {
        return all(entity).stream().filter(field -> field.visibleTo(role)).toList();
    }

    /** Whether some field of the entity has values the role does not receive. */
    public boolean hidesFrom(String entity, Role role) {
        return byEntity.getOrDefault(entity, Map.of()).values().stream().anyMatch(field -> !field.visibleTo(role));
    }

    public boolean isEmpty() {
        return byEntity.values().stream().allMatch(Map::isEmpty);
    }

    /**
     * The canonical values of an upsert's {@code custom} member, keyed {@code custom.<name>}; a JSON
     * null clears a value. A removed field still takes values (an offline device may write it).
     *
     * @throws Violation naming {@code custom} if the member is not an object, {@code custom.<name>}
     *     ({@code invalid_field}) if no such field is declared on the entity, or ({@code
     *     validation_failed}) if the value does not fit the field
     */
    public Map<String, Object> parseValues(EntityType type, JsonNode custom) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (custom == null || custom.isNull()) {
            return values;
        }
        if (!type.allowsCustomFields()) {
            throw new Violation(
                    ErrorCode.INVALID_FIELD, CustomValues.MEMBER, type.name() + " does not take custom fields");
        }
        if (!custom.isObject()) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    CustomValues.MEMBER,
                    "custom must be an object of values by field name, such as {\"accessories\": \"charger\"}");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = custom.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = CustomValues.key(entry.getKey());
            FieldSpec field = specs.getOrDefault(type.name(), Map.of()).get(entry.getKey());
            if (field == null) {
                throw new Violation(
                        ErrorCode.INVALID_FIELD,
                        key,
                        type.name() + " has no custom field " + entry.getKey() + " (an admin declares it first)");
            }
            values.put(key, field.parse(entry.getValue()));
        }
        return values;
    }
}
