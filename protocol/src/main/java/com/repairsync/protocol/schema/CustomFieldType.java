package com.repairsync.protocol.schema;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of value a shop's own field holds ({@link CustomField}), and the built-in type each validates as. */
public enum CustomFieldType {
    /** Free text up to 1,000 characters. */
    TEXT("text", FieldType.TEXT),
    /** A whole number. */
    NUMBER("number", FieldType.INTEGER),
    /** An amount in cents, as every money field. */
    MONEY("money", FieldType.MONEY),
    /** Yes or no: {@code true} or {@code false} on the wire. */
    YES_NO("yesNo", FieldType.BOOLEAN),
    /** One of the field's choices. */
    CHOICE("choice", FieldType.ENUM),
    /** A calendar date, {@code 2027-03-01}. */
    DATE("date", FieldType.DATE);

    private final String wireName;
    private final FieldType fieldType;

    CustomFieldType(String wireName, FieldType fieldType) {
        this.wireName = wireName;
        this.fieldType = fieldType;
    }

    /** The name the declaration's {@code type} field holds. */
    public String wireName() {
        return wireName;
    }

    /** The built-in type whose rules a value of this kind is checked by. */
    public FieldType fieldType() {
        return fieldType;
    }

    /** The type of a wire name; empty for one this version does not know (a newer server's). */
    public static Optional<CustomFieldType> fromWire(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(wireName))
                .findFirst();
    }

    /** Every wire name, in declaration order. */
    public static String[] wireNames() {
        return Arrays.stream(values()).map(CustomFieldType::wireName).toArray(String[]::new);
    }
}
