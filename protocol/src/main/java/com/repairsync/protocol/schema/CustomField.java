package com.repairsync.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A field a shop declared on tickets, customers or inventory items: one {@code customFields} record
 * ({@link Schema#CUSTOM_FIELDS}, wire version 8). Its values are checked by {@link #spec()}, with
 * the same code as a built-in field's, on the device and on the server.
 *
 * @param id the declaration's record id, always {@link #recordId(String, String)}
 * @param entity the entity it extends, such as {@code tickets}
 * @param name its name in the record's {@code custom} member, such as {@code accessories}
 * @param label what forms and lists show
 * @param choices the values a {@link CustomFieldType#CHOICE} field may hold, in order; empty for others
 * @param required a record is created with a value (checked where it is entered, see docs)
 * @param visibility who receives its values
 * @param removed hidden from forms and lists; its values are kept and writes to it still accepted
 * @param position the order in forms and lists, ties by label
 */
public record CustomField(
        String id,
        String entity,
        String name,
        String label,
        CustomFieldType type,
        List<String> choices,
        boolean required,
        Visibility visibility,
        boolean removed,
        long position) {

    /** The wire version that brought custom fields. */
    public static final int SINCE_PROTOCOL = 8;
    /** The entities a shop may declare fields on. */
    public static final List<String> ENTITIES = List.of("customers", "tickets", "inventoryItems");
    /** The most fields a shop declares on one entity, removed ones included: forms, pulls and pushes stay bounded. */
    public static final int FIELDS_PER_ENTITY_LIMIT = 100;
    /** The longest name. */
    public static final int NAME_LIMIT = 40;
    /** The most choices a field may have. */
    public static final int CHOICE_COUNT_LIMIT = 100;
    /** The longest choice. */
    public static final int CHOICE_LIMIT = 100;
    /** The longest text value. */
    public static final int TEXT_LIMIT = 1000;
    /** The bounds of a number value. */
    public static final long NUMBER_LIMIT = 1_000_000_000_000L;

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0," + (NAME_LIMIT - 1) + "}");

    public CustomField {
        choices = List.copyOf(choices);
    }

    /** The key of this field's values in a record's state, field HLCs and history: {@code custom.<name>}. */
    public String key() {
        return CustomValues.key(name);
    }

    /** Whether a role receives this field's values. */
    public boolean visibleTo(Role role) {
        return visibility.visibleTo(role);
    }

    /**
     * The rules a value of this field is checked by, as a built-in field's: named {@code
     * custom.<name>}, never required (a missing value is checked where the record is entered).
     */
    public FieldSpec spec() {
        Fields field =
                switch (type) {
                    case TEXT -> Fields.text(key()).maxLength(TEXT_LIMIT);
                    case NUMBER -> Fields.integer(key(), -NUMBER_LIMIT, NUMBER_LIMIT);
                    case MONEY -> Fields.money(key());
                    case YES_NO -> Fields.bool(key());
                    case CHOICE -> Fields.oneOf(key(), choices.toArray(String[]::new));
                    case DATE -> Fields.date(key());
                };
        if (visibility == Visibility.MANAGERS) {
            field.managersOnly();
        }
        if (Schema.entity(entity).map(EntityType::customValuesArePersonal).orElse(false)) {
            field.personal();
        }
        return field.build();
    }

    /**
     * The declaration a {@code customFields} record holds; empty if this version cannot read it (a
     * type or an entity from a newer server): its values are then kept, not checked or shown.
     */
    public static Optional<CustomField> fromRecord(String id, JsonNode record) {
        Optional<CustomFieldType> type =
                CustomFieldType.fromWire(record.path("type").asText(""));
        String entity = record.path("entity").asText("");
        String name = record.path("name").asText("");
        if (type.isEmpty() || !ENTITIES.contains(entity) || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CustomField(
                id,
                entity,
                name,
                record.path("label").asText(name),
                type.get(),
                choiceLines(
                        record.path("choices").isTextual()
                                ? record.path("choices").textValue()
                                : null),
                record.path("required").asBoolean(false),
                "managers".equals(record.path("visibleTo").asText()) ? Visibility.MANAGERS : Visibility.EVERYONE,
                record.path("removed").asBoolean(false),
                record.path("position").asLong(0)));
    }

    /**
     * The record id of a declaration: a name-based UUID (version 8, from SHA-256) of the entity and
     * the name, so a field declared twice, on two devices offline, is one record.
     */
    public static String recordId(String entity, String name) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest(("repairsync/customField/" + entity + "/" + name).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(hash, 0, 16);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    /** The choices of a {@code choices} value: one per line, blank lines left out. */
    public static List<String> choiceLines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** The {@code choices} value of a list of choices: one per line. */
    public static String choiceText(List<String> choices) {
        return String.join("\n", choices);
    }

    /**
     * Checks a create of a declaration, given its canonical field values (as {@link
     * com.repairsync.protocol.merge.MutationRules#fields} gives them) and its record id.
     *
     * @throws Violation naming {@code name} for a malformed name or one a built-in field of the entity
     *     (or the server) has, {@code recordId} for an id that is not {@link #recordId}, {@code
     *     choices} for choices that do not fit the type
     */
    public static void checkCreate(Map<String, Object> fields, String recordId) {
        String entity = (String) fields.get("entity");
        String name = (String) fields.get("name");
        if (entity == null || name == null || fields.get("type") == null) {
            return; // the create's required fields are refused by name where it is merged
        }
        EntityType target = Schema.entity(entity)
                .filter(EntityType::allowsCustomFields)
                .orElseThrow(() -> new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        "entity",
                        "entity must be one of " + String.join(", ", ENTITIES) + "; " + entity
                                + " does not take custom fields"));
        if (!NAME.matcher(name).matches()) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    "name",
                    "name must start with a lower-case letter and hold only letters and digits, at most " + NAME_LIMIT
                            + " (such as accessories or waterDamage); got " + name);
        }
        if (target.field(name).isPresent()
                || Schema.SERVER_OWNED_FIELDS.contains(name)
                || CustomValues.MEMBER.equals(name)) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    "name",
                    "name " + name + " is a built-in field of " + entity + "; choose another name");
        }
        if (!recordId(entity, name).equals(recordId)) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    "recordId",
                    "a custom field's record id is derived from its entity and name: " + recordId(entity, name));
        }
        CustomFieldType type =
                CustomFieldType.fromWire((String) fields.get("type")).orElseThrow();
        checkChoices(type, (String) fields.get("choices"), type == CustomFieldType.CHOICE);
    }

    /**
     * Refuses a new declaration on an entity that already has {@link #FIELDS_PER_ENTITY_LIMIT}.
     *
     * @throws Violation naming {@code name}
     */
    public static void checkRoomFor(String entity, CustomFieldSet declared) {
        if (declared.all(entity).size() >= FIELDS_PER_ENTITY_LIMIT) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    "name",
                    entity + " already has " + FIELDS_PER_ENTITY_LIMIT
                            + " custom fields, the most a shop may declare on one entity (removed ones count:"
                            + " their values are kept)");
        }
    }

    /**
     * Checks an update of a declaration whose current state is {@code current}.
     *
     * @throws Violation naming {@code choices} if it names choices a field of its type may not have
     */
    public static void checkUpdate(CustomField current, Map<String, Object> fields) {
        if (fields.containsKey("choices")) {
            checkChoices(current.type(), (String) fields.get("choices"), false);
            if (current.type() == CustomFieldType.CHOICE) {
                Set<String> all = new LinkedHashSet<>(current.choices());
                all.addAll(choiceLines((String) fields.get("choices")));
                if (all.size() > CHOICE_COUNT_LIMIT) {
                    throw tooManyChoices();
                }
            }
        }
    }

    private static void checkChoices(CustomFieldType type, String text, boolean needed) {
        List<String> choices = choiceLines(text);
        if (type != CustomFieldType.CHOICE) {
            if (!choices.isEmpty()) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        "choices",
                        "only a choice field has choices; this is " + type.wireName());
            }
            return;
        }
        if (needed && choices.isEmpty()) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED, "choices", "a choice field needs at least one choice, one per line");
        }
        if (choices.size() > CHOICE_COUNT_LIMIT) {
            throw tooManyChoices();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String choice : choices) {
            if (choice.length() > CHOICE_LIMIT) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        "choices",
                        "a choice is at most " + CHOICE_LIMIT + " characters; one is " + choice.length());
            }
            if (!seen.add(choice)) {
                throw new Violation(ErrorCode.VALIDATION_FAILED, "choices", "choice " + choice + " is named twice");
            }
        }
    }

    private static Violation tooManyChoices() {
        return new Violation(
                ErrorCode.VALIDATION_FAILED, "choices", "a field has at most " + CHOICE_COUNT_LIMIT + " choices");
    }
}
