package com.repairsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * History entries as sentences for people, for a record's History panel and the audit: "Ada
 * Lovelace changed estimate from 120.00 to 149.00 on Front desk, 10:42". Employees are named from
 * the device's employees, devices by the names it knows (else a short id); money fields show as
 * money, counters as their delta and result ("+3 → 12"), secrets only as changed ("changed the
 * PIN"), erased values as "erased". Field and entity names come from the entity declarations, so a
 * new field reads without code here. Times are in the clock's zone: the time alone today, the date
 * and time before.
 */
public final class HistoryText {
    /** Longest text value shown whole; longer ones are cut with an ellipsis. */
    static final int LONGEST_VALUE = 60;

    /** Words shown in capitals in field names. */
    private static final Set<String> ACRONYMS = Set.of("pin", "sku", "id", "url");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final Function<String, Optional<String>> employees;
    private final Function<String, Optional<String>> devices;
    private final Clock clock;
    /** A shop's own field by entity and name, for its label and the type of its values. */
    private final BiFunction<String, String, Optional<CustomField>> customFields;

    /**
     * @param employees an employee's name by id, if known
     * @param devices a device's name by id, if known
     * @param clock the zone times are shown in, and "today"
     */
    public HistoryText(
            Function<String, Optional<String>> employees, Function<String, Optional<String>> devices, Clock clock) {
        this(employees, devices, clock, (entity, name) -> Optional.empty());
    }

    private HistoryText(
            Function<String, Optional<String>> employees,
            Function<String, Optional<String>> devices,
            Clock clock,
            BiFunction<String, String, Optional<CustomField>> customFields) {
        this.employees = employees;
        this.devices = devices;
        this.clock = clock;
        this.customFields = customFields;
    }

    /**
     * The same sentences, a shop's own field ({@code custom.<name>}) named by its label and its
     * values shown by its type.
     */
    public HistoryText withCustomFields(BiFunction<String, String, Optional<CustomField>> declarations) {
        return new HistoryText(employees, devices, clock, declarations);
    }

    /**
     * Sentences as a device shows them: employees named from its employees, devices it knows by
     * name (itself, and those online now); the system clock's zone.
     */
    public static HistoryText of(RepairSyncDevice device) {
        return of(device, Clock.systemDefaultZone());
    }

    /** {@link #of(RepairSyncDevice)} with times in {@code clock}'s zone. */
    public static HistoryText of(RepairSyncDevice device, Clock clock) {
        Function<String, Optional<String>> employees =
                id -> device.employees().get(id).map(employee -> fullName(employee.firstName(), employee.lastName()));
        Function<String, Optional<String>> devices = id -> {
            DeviceIdentity self = device.identity();
            if (id.equals(self.deviceId()) && self.deviceName() != null) {
                return Optional.of(self.deviceName());
            }
            return device.presence().stream()
                    .filter(online -> id.equals(online.deviceId()) && online.deviceName() != null)
                    .map(Presence.OnlineDevice::deviceName)
                    .findFirst();
        };
        return new HistoryText(
                employees,
                devices,
                clock,
                (entity, name) -> CustomField.ENTITIES.contains(entity)
                        ? device.customFields().find(entity, name)
                        : Optional.empty());
    }

    /**
     * The same sentences, naming also the devices of a list (a manager's {@link
     * ShopDeviceAdmin#list()}, removed ones too).
     */
    public HistoryText withDevices(List<ShopDevice> shopDevices) {
        Map<String, String> names = new HashMap<>();
        shopDevices.forEach(known -> names.put(known.deviceId(), known.name()));
        return new HistoryText(
                employees, id -> devices.apply(id).or(() -> Optional.ofNullable(names.get(id))), clock, customFields);
    }

    /** The whole entry: who did what, on which device, when. */
    public String sentence(HistoryEntry entry) {
        StringBuilder text =
                new StringBuilder(employee(entry.actorId())).append(' ').append(what(entry));
        if (entry.deviceId() != null) {
            text.append(" on ").append(device(entry.deviceId()));
        }
        return text.append(", ").append(when(entry.at())).toString();
    }

    /** What the entry did, without who, where and when: "changed estimate from 120.00 to 149.00". */
    public String what(HistoryEntry entry) {
        String record = noun(entry.entity());
        return switch (entry.op()) {
            case "create" -> "created this " + record;
            case "delete" -> "deleted this " + record;
            case "restore" -> "restored this " + record;
            case "erase" -> "erased this " + record + "'s personal details";
            case "password" -> "set the sign-in password";
            default -> entry.changes().isEmpty() ? entry.op() + " this " + record : joined(changes(entry));
        };
    }

    /** Each field the entry wrote, as a phrase: "changed status from diagnosing to ready". */
    public List<String> changes(HistoryEntry entry) {
        Optional<EntityType> type = Schema.entity(entry.entity());
        List<String> phrases = new ArrayList<>();
        for (HistoryEntry.FieldChange change : entry.changes()) {
            if (change.field() != null && CustomValues.isKey(change.field())) {
                phrases.add(customPhrase(entry.entity(), change));
                continue;
            }
            Optional<FieldSpec> field = type.flatMap(t -> t.field(change.field()));
            phrases.add(phrase(change, field.orElse(null)));
        }
        return phrases;
    }

    /** An employee's name, or "employee" and a short id when this device does not know them. */
    public String employee(String id) {
        if (id == null) {
            return "The server";
        }
        return employees.apply(id).orElse("employee " + shortId(id));
    }

    /** A device's name, or "device" and a short id. */
    public String device(String id) {
        return devices.apply(id).orElse("device " + shortId(id));
    }

    /** When, in the clock's zone: "10:42" today, "3 Mar, 10:42" this year, "3 Mar 2025, 10:42" before. */
    public String when(String at) {
        if (at == null) {
            return "at an unknown time";
        }
        ZonedDateTime time;
        try {
            time = WireInstant.parse(at).atZone(clock.getZone());
        } catch (DateTimeParseException notAnInstant) {
            return at; // shown as the server sent it
        }
        LocalDate today = LocalDate.now(clock);
        if (time.toLocalDate().equals(today)) {
            return TIME.format(time);
        }
        return (time.getYear() == today.getYear() ? DAY_TIME : DATE_TIME).format(time);
    }

    /** A change of a shop's own field, named by its label ("accessories" when it is not known here). */
    private String customPhrase(String entity, HistoryEntry.FieldChange change) {
        String name = CustomValues.nameOf(change.field());
        Optional<CustomField> declared = customFields.apply(entity, name);
        return phrase(
                change,
                declared.map(CustomField::spec).orElse(null),
                declared.map(CustomField::label).orElse(words(name)));
    }

    private String phrase(HistoryEntry.FieldChange change, FieldSpec field) {
        return phrase(change, field, label(change.field(), field));
    }

    private String phrase(HistoryEntry.FieldChange change, FieldSpec field, String name) {
        if (Boolean.TRUE.equals(change.erased())) {
            return name + " erased";
        }
        if (Boolean.TRUE.equals(change.changed())) {
            return "changed the " + name;
        }
        if (change.delta() != null) {
            String delta = change.delta() >= 0 ? "+" + change.delta() : "-" + Math.abs(change.delta());
            return "adjusted " + name + " " + delta + " → " + value(change.to(), field);
        }
        boolean hadValue = change.from() != null && !change.from().isNull();
        boolean hasValue = change.to() != null && !change.to().isNull();
        if (!hadValue) {
            return "set " + name + " to " + value(change.to(), field);
        }
        if (!hasValue) {
            return "cleared " + name + " (was " + value(change.from(), field) + ")";
        }
        return "changed " + name + " from " + value(change.from(), field) + " to " + value(change.to(), field);
    }

    /** A wire value as people read it, by its field's type (unknown fields as their JSON). */
    String value(JsonNode value, FieldSpec field) {
        if (value == null || value.isNull()) {
            return "nothing";
        }
        if (field == null) {
            return value.isTextual() ? quoted(value.asText()) : value.toString();
        }
        FieldType type = field.type();
        return switch (type) {
            case MONEY -> money(value.asLong());
            case INTEGER, COUNTER -> Long.toString(value.asLong());
            case BOOLEAN -> value.asBoolean() ? "yes" : "no";
            case ENUM -> value.asText().replace('_', ' ');
            case INSTANT -> when(value.asText());
            case REFERENCE ->
                "employees".equals(field.references())
                        ? employee(value.asText())
                        : noun(field.references()) + " " + shortId(value.asText());
            case FILE -> "a new file";
            case TEXT, EMAIL -> quoted(value.asText());
            case DATE -> value.asText();
        };
    }

    /** Cents as money: 12000 → "120.00". */
    static String money(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + (abs / 100) + "." + String.format(Locale.ROOT, "%02d", abs % 100);
    }

    /**
     * A field's name for people, from its wire name: words split at capitals, the unit its type
     * implies dropped ({@code estimateCents} → "estimate", {@code pinHash} → "PIN", {@code
     * customerId} → "customer").
     */
    static String label(String wireName, FieldSpec field) {
        String name = wireName;
        if (field != null) {
            name = stripSuffix(
                    name,
                    switch (field.type()) {
                        case MONEY -> "Cents";
                        case REFERENCE -> "Id";
                        case FILE -> "Hash";
                        default -> field.secret() ? "Hash" : "";
                    });
        }
        return words(name);
    }

    /** An entity's name for one of its records: {@code inventoryItems} → "inventory item". */
    static String noun(String entity) {
        if (entity == null) {
            return "record";
        }
        String plural = words(entity);
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    private static String words(String camel) {
        List<String> words = new ArrayList<>();
        for (String word : camel.split("(?=[A-Z])")) {
            String lower = word.toLowerCase(Locale.ROOT);
            words.add(ACRONYMS.contains(lower) ? lower.toUpperCase(Locale.ROOT) : lower);
        }
        return String.join(" ", words);
    }

    private static String stripSuffix(String name, String suffix) {
        return !suffix.isEmpty() && name.endsWith(suffix) && name.length() > suffix.length()
                ? name.substring(0, name.length() - suffix.length())
                : name;
    }

    private static String quoted(String text) {
        String shown = text.length() > LONGEST_VALUE ? text.substring(0, LONGEST_VALUE - 1) + "…" : text;
        return "\"" + shown.replace("\n", " ") + "\"";
    }

    /** "a, b and c". */
    private static String joined(List<String> phrases) {
        if (phrases.size() == 1) {
            return phrases.get(0);
        }
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String fullName(String first, String last) {
        return last == null || last.isBlank() ? first : first + " " + last;
    }
}
