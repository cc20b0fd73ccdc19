package com.repairsync.protocol.schema;

import com.repairsync.protocol.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declaration of one synced entity: its wire name, table, typed fields, which roles may do
 * what to it, and the optional time field a device may narrow its download by.
 */
public final class EntityType {
    private final String name;
    private final String table;
    private final Map<String, FieldSpec> fields;
    private final Map<Action, Set<Role>> writers;
    private final String downloadRangeField;

    private EntityType(Builder builder) {
        this.name = builder.name;
        this.table = builder.table;
        this.fields = Collections.unmodifiableMap(builder.fields);
        this.writers = Collections.unmodifiableMap(builder.writers);
        this.downloadRangeField = builder.downloadRangeField;
    }

    public static Builder named(String name, String table) {
        return new Builder(name, table);
    }

    /** Wire name, such as {@code ticketParts}. */
    public String name() {
        return name;
    }

    /** Table name in the server's database, such as {@code ticket_parts}. */
    public String table() {
        return table;
    }

    /** Fields in declaration order. */
    public List<FieldSpec> fields() {
        return List.copyOf(fields.values());
    }

    public Optional<FieldSpec> field(String wireName) {
        return Optional.ofNullable(fields.get(wireName));
    }

    /** Whether a role may perform an action on this entity. */
    public boolean allows(Role role, Action action) {
        return writers.getOrDefault(action, Set.of()).contains(role);
    }

    /** The instant field a device may narrow its download of this entity by, if any. */
    public Optional<FieldSpec> downloadRangeField() {
        return Optional.ofNullable(downloadRangeField).map(fields::get);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds an {@link EntityType}. */
    public static final class Builder {
        private final String name;
        private final String table;
        private final Map<String, FieldSpec> fields = new LinkedHashMap<>();
        private final Map<Action, Set<Role>> writers = new EnumMap<>(Action.class);
        private String downloadRangeField;

        private Builder(String name, String table) {
            this.name = name;
            this.table = table;
        }

        public Builder field(Fields field) {
            FieldSpec spec = field.build();
            fields.put(spec.name(), spec);
            return this;
        }

        /** Grants actions to roles. */
        public Builder allow(Set<Action> actions, Role... roles) {
            for (Action action : actions) {
                writers.computeIfAbsent(action, a -> EnumSet.noneOf(Role.class)).addAll(List.of(roles));
            }
            return this;
        }

        public Builder narrowDownloadBy(String fieldName) {
            this.downloadRangeField = fieldName;
            return this;
        }

        public EntityType build() {
            if (downloadRangeField != null && !fields.containsKey(downloadRangeField)) {
                throw new IllegalStateException(
                        name + ": download range field " + downloadRangeField + " is not declared");
            }
            List<Action> unused = new ArrayList<>();
            for (Action action : Action.values()) {
                if (!writers.containsKey(action)) {
                    unused.add(action);
                }
            }
            unused.forEach(action -> writers.put(action, Set.of()));
            return new EntityType(this);
        }
    }
}
