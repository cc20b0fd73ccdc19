package com.repairsync.client.records;

import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.Visibility;
import java.util.List;
import java.util.Objects;

/**
 * A field a shop adds to tickets, customers or inventory items, for {@link
 * CustomFields#declare(NewCustomField)}: {@code NewCustomField.of("tickets", "accessories",
 * CustomFieldType.TEXT).label("Accessories left")}. Checked when it is declared: a bad name, a name
 * of a built-in field, a choice field without choices or another type with some is refused naming
 * the field ({@code name}, {@code choices}, ...).
 */
public final class NewCustomField {
    private final String entity;
    private final String name;
    private final CustomFieldType type;
    private String label;
    private List<String> choices = List.of();
    private boolean required;
    private Visibility visibility = Visibility.EVERYONE;
    private Integer position;

    private NewCustomField(String entity, String name, CustomFieldType type) {
        this.entity = Objects.requireNonNull(entity, "entity may not be null");
        this.name = Objects.requireNonNull(name, "name may not be null");
        this.type = Objects.requireNonNull(type, "type may not be null");
    }

    /**
     * A new field.
     *
     * @param entity {@code tickets}, {@code customers} or {@code inventoryItems}
     * @param name its name in the records' {@code custom} member: a lower-case letter, then letters
     *     and digits, at most 40 (such as {@code accessories} or {@code waterDamage}); it never changes
     * @param type the kind of value it holds; it never changes
     */
    public static NewCustomField of(String entity, String name, CustomFieldType type) {
        return new NewCustomField(entity, name, type);
    }

    /** What forms and lists show, at most 100 characters (the name when none is given). */
    public NewCustomField label(String label) {
        this.label = label;
        return this;
    }

    /** The values a choice field may hold, in order (a choice field needs at least one). */
    public NewCustomField choices(List<String> choices) {
        this.choices = List.copyOf(choices);
        return this;
    }

    /** Whether a new record needs a value for it (checked where the record is entered). */
    public NewCustomField required(boolean required) {
        this.required = required;
        return this;
    }

    /** Only managers and admins receive and see its values; it never changes. */
    public NewCustomField managersOnly() {
        this.visibility = Visibility.MANAGERS;
        return this;
    }

    /** Its place in forms and lists, 0 to 10000 (after the entity's other fields when not given). */
    public NewCustomField position(int position) {
        this.position = position;
        return this;
    }

    public String entity() {
        return entity;
    }

    public String name() {
        return name;
    }

    public CustomFieldType type() {
        return type;
    }

    /** The label given, or the name. */
    public String label() {
        return label == null || label.isBlank() ? name : label;
    }

    public List<String> choices() {
        return choices;
    }

    public boolean required() {
        return required;
    }

    public Visibility visibility() {
        return visibility;
    }

    /** The position given, or null to place it after the others. */
    public Integer position() {
        return position;
    }

    @Override
    public String toString() {
        return "NewCustomField[" + entity + "." + name + " " + type.wireName() + "]";
    }
}
