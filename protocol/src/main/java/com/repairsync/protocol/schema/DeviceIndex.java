package com.repairsync.protocol.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An index a device keeps over one entity's records so a list screen reads only what it shows:
 * the fields a query filters on (equality on all but the last, a range on the last), then the
 * order it lists by; optionally only the records meeting a condition (the low-stock list indexes
 * only the items at or below their reorder level). Declared on the entity ({@link
 * EntityType.Builder#deviceIndex}); the device migration builds it, and the SDK's queries name it.
 *
 * @param name the index's name within its entity, which the SDK's queries use
 * @param fields the fields it orders by, most significant first; a record's {@code createdAt} and
 *     {@code updatedAt} may be named too
 * @param ignoringCase whether text compares ignoring case
 * @param atMost only records whose first field of the pair is at most the second, if present
 */
public record DeviceIndex(String name, List<String> fields, boolean ignoringCase, Optional<AtMost> atMost) {
    /** The fields every record has besides its declared ones, which an index may name. */
    public static final Set<String> RECORD_FIELDS = Set.of("createdAt", "updatedAt");

    /** The condition "{@code field} is at most {@code limitField}", both set. */
    public record AtMost(String field, String limitField) {}

    public DeviceIndex {
        if (!name.matches("[a-z][A-Za-z]*")) {
            throw new IllegalArgumentException("a device index name is a camelCase word, got " + name);
        }
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("device index " + name + " names no field");
        }
    }

    /** An index named {@code name} over the fields, in order. */
    public static DeviceIndex on(String name, String... fields) {
        return new DeviceIndex(name, List.of(fields), false, Optional.empty());
    }

    /** This index with text compared ignoring case. */
    public DeviceIndex withCaseIgnored() {
        return new DeviceIndex(name, fields, true, atMost);
    }

    /** This index over only the records whose {@code field} is set and at most their {@code limitField}. */
    public DeviceIndex onlyWhereAtMost(String field, String limitField) {
        return new DeviceIndex(name, fields, ignoringCase, Optional.of(new AtMost(field, limitField)));
    }

    /** Every field the index reads: those it orders by and those of its condition. */
    List<String> namedFields() {
        List<String> named = new java.util.ArrayList<>(fields);
        atMost.ifPresent(condition -> named.addAll(List.of(condition.field(), condition.limitField())));
        return named;
    }
}
