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
    private final List<String> ownerFields;
    private final Set<String> fixedFields;
    private final String createdByField;
    private final int sinceProtocol;
    private final Map<String, DeviceIndex> deviceIndexes;
    private final boolean customFields;
    private final boolean personalCustomValues;

    private EntityType(Builder builder) {
        this.name = builder.name;
        this.table = builder.table;
        this.fields = Collections.unmodifiableMap(builder.fields);
        this.writers = Collections.unmodifiableMap(builder.writers);
        this.downloadRangeField = builder.downloadRangeField;
        this.ownerFields = List.copyOf(builder.ownerFields);
        this.fixedFields = Set.copyOf(builder.fixedFields);
        this.createdByField = builder.createdByField;
        this.sinceProtocol = builder.sinceProtocol;
        this.deviceIndexes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.deviceIndexes));
        this.customFields = builder.customFields;
        this.personalCustomValues = builder.personalCustomValues;
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

    /** The fields that hold a person's data, which erasing a record removes; in declared order. */
    public List<FieldSpec> personalFields() {
        return fields.values().stream().filter(FieldSpec::personal).toList();
    }

    /**
     * The reference fields of which a record names exactly one, its owner (an attachment belongs to
     * a ticket or a customer); empty if the entity has no such rule.
     */
    public List<String> ownerFields() {
        return ownerFields;
    }

    /** Whether a field is set when a record is created and never changes afterwards. */
    public boolean fixedAfterCreate(String field) {
        return fixedFields.contains(field);
    }

    /** The reference field that names who created a record: the acting employee, never anyone else. */
    public Optional<String> createdByField() {
        return Optional.ofNullable(createdByField);
    }

    /** The first wire version that knows this entity; older devices neither receive nor send it. */
    public int sinceProtocol() {
        return sinceProtocol;
    }

    /** The indexes a device keeps over this entity's records, in declaration order. */
    public List<DeviceIndex> deviceIndexes() {
        return List.copyOf(deviceIndexes.values());
    }

    /**
     * A declared device index by name.
     *
     * @throws IllegalArgumentException if this entity declares no such index
     */
    public DeviceIndex deviceIndex(String indexName) {
        DeviceIndex index = deviceIndexes.get(indexName);
        if (index == null) {
            throw new IllegalArgumentException(name + " declares no device index " + indexName);
        }
        return index;
    }

    /** The fields a device searches as the user types ({@link FieldSpec#searchable()}), in declared order. */
    public List<FieldSpec> searchableFields() {
        return fields.values().stream().filter(FieldSpec::searchable).toList();
    }

    /**
     * Whether a shop may declare its own fields on this entity ({@link CustomField}, wire version 8):
     * their values travel in the record's {@code custom} member.
     */
    public boolean allowsCustomFields() {
        return customFields;
    }

    /** Whether this entity's custom values hold a person's data: erasing a record removes them too. */
    public boolean customValuesArePersonal() {
        return personalCustomValues;
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
        private final List<String> ownerFields = new ArrayList<>();
        private final Set<String> fixedFields = new java.util.HashSet<>();
        private String createdByField;
        private int sinceProtocol = 1;
        private final Map<String, DeviceIndex> deviceIndexes = new LinkedHashMap<>();
        private boolean customFields;
        private boolean personalCustomValues;

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

        /** A record names exactly one of these reference fields (see {@link EntityType#ownerFields()}). */
        public Builder ownedByOneOf(String... referenceFields) {
            ownerFields.addAll(List.of(referenceFields));
            fixedFields.addAll(List.of(referenceFields));
            return this;
        }

        /** These fields are set on create and refused in later updates. */
        public Builder fixedAfterCreate(String... fieldNames) {
            fixedFields.addAll(List.of(fieldNames));
            return this;
        }

        /** The field names the employee who created the record, who must be the acting one; it never changes. */
        public Builder createdBy(String fieldName) {
            createdByField = fieldName;
            fixedFields.add(fieldName);
            return this;
        }

        /** Devices keep this index over the entity's records (see {@link DeviceIndex}). */
        public Builder deviceIndex(DeviceIndex index) {
            if (deviceIndexes.putIfAbsent(index.name(), index) != null) {
                throw new IllegalStateException(name + ": device index " + index.name() + " is declared twice");
            }
            return this;
        }

        /** A shop may declare its own fields on this entity ({@link EntityType#allowsCustomFields()}). */
        public Builder customFields() {
            customFields = true;
            return this;
        }

        /** As {@link #customFields()}, their values holding a person's data (erased with the record). */
        public Builder personalCustomFields() {
            customFields = true;
            personalCustomValues = true;
            return this;
        }

        /** The entity is new in this wire version. */
        public Builder sinceProtocol(int version) {
            sinceProtocol = version;
            return this;
        }

        public EntityType build() {
            List<String> named = new ArrayList<>(fixedFields);
            if (createdByField != null) {
                named.add(createdByField);
            }
            for (String field : named) {
                if (!fields.containsKey(field)) {
                    throw new IllegalStateException(name + ": " + field + " is not declared");
                }
            }
            if (downloadRangeField != null && !fields.containsKey(downloadRangeField)) {
                throw new IllegalStateException(
                        name + ": download range field " + downloadRangeField + " is not declared");
            }
            for (DeviceIndex index : deviceIndexes.values()) {
                for (String field : index.namedFields()) {
                    if (!fields.containsKey(field) && !DeviceIndex.RECORD_FIELDS.contains(field)) {
                        throw new IllegalStateException(
                                name + ": device index " + index.name() + " names " + field + ", not declared");
                    }
                }
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
