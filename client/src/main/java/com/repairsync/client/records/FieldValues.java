package com.repairsync.client.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field values of a create or an update, set through a typed class generated from the
 * entity's declaration ({@link NewCustomer}, {@link CustomerChanges}, …). Values are checked
 * against the declaration when the record is written; a bad one is refused naming its field. Only
 * this package's generated classes extend it (the constructor is package-private).
 */
public abstract class FieldValues {
    private final Map<String, Object> values = new LinkedHashMap<>();

    FieldValues() {}

    final void put(String field, Object value) {
        values.put(field, value);
    }

    /**
     * Sets a value of the shop's own field {@code name}, in the {@code custom} member (wire version
     * 8); null clears it (or, on a new record, leaves it unset).
     */
    @SuppressWarnings("unchecked")
    final void putCustom(String name, Object value) {
        java.util.Objects.requireNonNull(name, "a custom field's name may not be null");
        Map<String, Object> custom =
                (Map<String, Object>) values.computeIfAbsent("custom", key -> new LinkedHashMap<>());
        custom.put(name, value instanceof java.time.LocalDate date ? date.toString() : value);
    }

    /** The fields set, by wire name, in the order they were set. */
    final Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + values;
    }
}
