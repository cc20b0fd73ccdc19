package com.repairsync.client.records;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A shop's own fields on tickets, customers and inventory items (wire version 8). Each is a {@code
 * customFields} record that syncs like any other (never narrowed by a device's download), so a
 * field an admin declares on one device shows on every other once it syncs. Only an admin declares
 * and changes fields; nobody deletes one: {@link #remove} hides it and keeps its values (an offline
 * device's later write to it is still kept), {@link #restore} shows it again.
 *
 * <p>Reads answer from this device's records, its own unsynced declarations and changes included.
 * Entities are named as on the wire: {@code tickets}, {@code customers}, {@code inventoryItems}.
 */
public final class CustomFields {
    /** The highest position a field may have. */
    public static final int LAST_POSITION = 10_000;

    private final DeviceCore core;

    CustomFields(DeviceCore core) {
        this.core = core;
    }

    /**
     * The fields forms and lists show for the entity: not removed, by position, then label.
     *
     * @throws InvalidRecordException naming {@code entity} if it takes no custom fields
     */
    public List<CustomField> active(String entity) {
        return core.customFields().active(checkedEntity(entity));
    }

    /** Every field of the entity, removed ones too, by position, then label. */
    public List<CustomField> all(String entity) {
        return core.customFields().all(checkedEntity(entity));
    }

    /** A field of the entity by name, removed or not. */
    public Optional<CustomField> find(String entity, String name) {
        return core.customFields().find(checkedEntity(entity), name);
    }

    /**
     * Declares a field (an admin only); it syncs to every device.
     *
     * @return the declaration, as this device now holds it
     * @throws InvalidRecordException naming the field: {@code entity} for one that takes no custom
     *     fields, {@code name} for a malformed one, one a built-in field has or one the entity
     *     already has or one past {@link CustomField#FIELDS_PER_ENTITY_LIMIT}, {@code choices} for choices that do not fit the type, {@code label} for a
     *     label over 100 characters
     * @throws com.repairsync.client.PermissionDeniedException if the acting employee is not an admin
     */
    public CustomField declare(NewCustomField field) {
        String entity = checkedEntity(field.entity());
        String id = CustomField.recordId(entity, field.name());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("entity", entity);
        values.put("name", field.name());
        values.put("label", field.label());
        values.put("type", field.type().wireName());
        if (!field.choices().isEmpty()) {
            values.put("choices", CustomField.choiceText(field.choices()));
        }
        values.put("required", field.required());
        values.put("visibleTo", field.visibility() == Visibility.MANAGERS ? "managers" : "everyone");
        values.put("position", (long) (field.position() != null ? field.position() : nextPosition(entity)));
        checked(() -> CustomField.checkCreate(values, id));
        find(entity, field.name()).ifPresent(existing -> {
            throw new InvalidRecordException(
                    "name",
                    entity + " already has a field " + field.name()
                            + (existing.removed() ? " (removed: restore it instead)" : ""));
        });
        // Only an admin declares, and an admin sees every field: the count is the shop's as this device knows it.
        checked(() -> CustomField.checkRoomFor(entity, core.customFields()));
        core.create(Schema.CUSTOM_FIELDS, id, values);
        return declared(entity, field.name());
    }

    /** Changes what forms and lists show for the field. */
    public void relabel(String entity, String name, String label) {
        change(entity, name, Map.of("label", label));
    }

    /**
     * Adds choices to a choice field; choices are never taken away (two admins adding at once both
     * keep theirs). A choice it already has is left as it is.
     *
     * @throws InvalidRecordException naming {@code choices} for a field of another type, or a blank
     *     or too long choice
     */
    public void addChoices(String entity, String name, List<String> choices) {
        CustomField current = declared(entity, name);
        Set<String> all = new LinkedHashSet<>(current.choices());
        for (String choice : choices) {
            if (choice == null || choice.isBlank()) {
                throw new InvalidRecordException("choices", "a choice may not be blank");
            }
            all.add(choice.strip());
        }
        Map<String, Object> values = Map.of("choices", CustomField.choiceText(List.copyOf(all)));
        checked(() -> CustomField.checkUpdate(current, values));
        change(entity, name, values);
    }

    /**
     * Makes a new record need a value for the field, or not. Records saved before keep working;
     * devices check it where a record is entered, the server does not refuse a record without it.
     */
    public void setRequired(String entity, String name, boolean required) {
        change(entity, name, Map.of("required", required));
    }

    /** Hides the field from forms and lists; its values are kept, and later writes to it still accepted. */
    public void remove(String entity, String name) {
        change(entity, name, Map.of("removed", true));
    }

    /** Shows a removed field again, with the values it kept. */
    public void restore(String entity, String name) {
        change(entity, name, Map.of("removed", false));
    }

    /** Moves the field to a place in forms and lists, 0 to {@value #LAST_POSITION} (ties by label). */
    public void move(String entity, String name, int position) {
        change(entity, name, Map.of("position", (long) position));
    }

    private void change(String entity, String name, Map<String, Object> values) {
        CustomField field = declared(entity, name);
        core.update(Schema.CUSTOM_FIELDS, field.id(), values);
    }

    private CustomField declared(String entity, String name) {
        String checked = checkedEntity(entity);
        return find(checked, name)
                .orElseThrow(() ->
                        new InvalidRecordException("name", checked + " has no field " + name + " on this device"));
    }

    private long nextPosition(String entity) {
        return all(entity).stream()
                .mapToLong(field -> Math.min(LAST_POSITION, field.position() + 1))
                .max()
                .orElse(0);
    }

    private static String checkedEntity(String entity) {
        if (entity == null || !CustomField.ENTITIES.contains(entity)) {
            throw new InvalidRecordException(
                    "entity",
                    "entity must be one of " + String.join(", ", CustomField.ENTITIES) + "; " + entity
                            + " does not take custom fields");
        }
        return entity;
    }

    private static void checked(Runnable check) {
        try {
            check.run();
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
    }

    /** The kinds a field may hold, for a form's type picker. */
    public static List<CustomFieldType> types() {
        return List.of(CustomFieldType.values());
    }
}
