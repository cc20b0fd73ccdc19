package com.repairsync.protocol.schema;

import java.util.List;

/** A small builder for {@link FieldSpec}s, so entity declarations read like the data model. */
public final class Fields {
    private static final int DEFAULT_TEXT_LIMIT = 200;

    private final String name;
    private final FieldType type;
    private boolean required;
    private Object defaultValue;
    private int maxLength = DEFAULT_TEXT_LIMIT;
    private long min = Long.MIN_VALUE;
    private long max = Long.MAX_VALUE;
    private List<String> allowedValues = List.of();
    private String references;
    private Visibility visibility = Visibility.EVERYONE;
    private boolean personal;
    private boolean secret;
    private SearchAs searchAs;
    private boolean unionOfLines;

    private Fields(String name, FieldType type) {
        this.name = name;
        this.type = type;
    }

    public static Fields text(String name) {
        return new Fields(name, FieldType.TEXT);
    }

    public static Fields email(String name) {
        return new Fields(name, FieldType.EMAIL).maxLength(254);
    }

    public static Fields oneOf(String name, String... values) {
        Fields field = new Fields(name, FieldType.ENUM);
        field.allowedValues = List.of(values);
        return field;
    }

    public static Fields reference(String name, String entity) {
        Fields field = new Fields(name, FieldType.REFERENCE);
        field.references = entity;
        return field;
    }

    public static Fields integer(String name, long min, long max) {
        Fields field = new Fields(name, FieldType.INTEGER);
        field.min = min;
        field.max = max;
        return field;
    }

    /** Money in cents: zero up to ten million currency units. */
    public static Fields money(String name) {
        Fields field = new Fields(name, FieldType.MONEY);
        field.min = 0;
        field.max = 1_000_000_000L;
        return field;
    }

    public static Fields instant(String name) {
        return new Fields(name, FieldType.INSTANT);
    }

    public static Fields bool(String name) {
        return new Fields(name, FieldType.BOOLEAN);
    }

    /** A file of the shop's file lane, by the SHA-256 of its bytes. */
    public static Fields file(String name) {
        return new Fields(name, FieldType.FILE).maxLength(64);
    }

    /** A calendar date, {@code 2027-03-01} on the wire. */
    public static Fields date(String name) {
        return new Fields(name, FieldType.DATE).maxLength(10);
    }

    public static Fields counter(String name) {
        Fields field = new Fields(name, FieldType.COUNTER);
        field.min = -1_000_000_000L;
        field.max = 1_000_000_000L;
        return field;
    }

    public Fields required() {
        this.required = true;
        return this;
    }

    public Fields defaultsTo(Object value) {
        this.defaultValue = value;
        return this;
    }

    public Fields maxLength(int limit) {
        this.maxLength = limit;
        return this;
    }

    /** The field holds a person's data: erasing its record removes the value everywhere. */
    public Fields personal() {
        this.personal = true;
        return this;
    }

    /** The field is a secret (a PIN hash): history records that it changed, never its values. */
    public Fields secret() {
        this.secret = true;
        return this;
    }

    /** A device finds records by this field as the user types, as {@code how} says. */
    public Fields searchable(SearchAs how) {
        this.searchAs = how;
        return this;
    }

    /**
     * The field holds lines (one item each) and merges as their union: a write adds the lines it
     * names and never removes one, whatever the HLCs, so adds made at once on two devices both stay.
     */
    public Fields unionOfLines() {
        this.unionOfLines = true;
        return this;
    }

    public Fields managersOnly() {
        this.visibility = Visibility.MANAGERS;
        return this;
    }

    FieldSpec build() {
        return new FieldSpec(
                name,
                columnName(name),
                type,
                required,
                defaultValue,
                maxLength,
                min,
                max,
                allowedValues,
                references,
                visibility,
                personal,
                secret,
                searchAs,
                unionOfLines);
    }

    /** camelCase wire name to snake_case column name. */
    static String columnName(String wireName) {
        StringBuilder column = new StringBuilder();
        for (char c : wireName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                column.append('_').append(Character.toLowerCase(c));
            } else {
                column.append(c);
            }
        }
        return column.toString();
    }
}
