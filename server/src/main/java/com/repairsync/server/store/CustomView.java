package com.repairsync.server.store;

import java.util.Set;

/**
 * Which of a record's custom values (wire version 8, {@link com.repairsync.protocol.CustomValues})
 * its JSON carries, in its {@code custom} member: none (a device before version 8 never receives
 * the member), all of them, or all but the fields the reader's role may not see.
 *
 * @param included whether the record's JSON has a {@code custom} member at all
 * @param hidden names of the custom fields whose values are left out
 */
public record CustomView(boolean included, Set<String> hidden) {
    /** No {@code custom} member: a device before wire version 8. */
    public static final CustomView OMITTED = new CustomView(false, Set.of());
    /** Every value: a reader who may see every field, or a shop without hidden fields. */
    public static final CustomView ALL = new CustomView(true, Set.of());

    public CustomView {
        hidden = Set.copyOf(hidden);
    }

    /** Every value but those of these fields. */
    public static CustomView hiding(Set<String> names) {
        return names.isEmpty() ? ALL : new CustomView(true, names);
    }

    /** Whether the value of the field {@code name} is carried. */
    public boolean shows(String name) {
        return included && !hidden.contains(name);
    }
}
