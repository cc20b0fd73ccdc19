package com.repairsync.cli.seed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic records of a repair shop, made from a seed: people with names and phones, the devices
 * they bring in and what is wrong with them, the parts a shop stocks, and appointments over the
 * coming weeks. The same seed gives the same content.
 */
public final class SampleData {
    private static final List<String> FIRST = List.of(
            "Ada",
            "Grace",
            "Alan",
            "Linus",
            "Margaret",
            "Katherine",
            "Dennis",
            "Barbara",
            "Ken",
            "Frances",
            "Edsger",
            "Radia",
            "John",
            "Hedy",
            "Tim",
            "Sophie",
            "Yusuf",
            "Mei",
            "Carlos",
            "Amara",
            "Noor",
            "Priya",
            "Lars",
            "Ines",
            "Tomasz",
            "Aiko",
            "Kwame",
            "Elena",
            "Mateo",
            "Zoe");
    private static final List<String> LAST = List.of(
            "Lovelace",
            "Hopper",
            "Turing",
            "Torvalds",
            "Hamilton",
            "Johnson",
            "Ritchie",
            "Liskov",
            "Thompson",
            "Allen",
            "Dijkstra",
            "Perlman",
            "Backus",
            "Lamarr",
            "Berners-Lee",
            "Wilson",
            "Demir",
            "Chen",
            "Garcia",
            "Okafor",
            "Haddad",
            "Sharma",
            "Nilsen",
            "Moreau",
            "Kowalski",
            "Tanaka",
            "Mensah",
            "Rossi");
    private static final List<String> STREETS = List.of(
            "Market St", "Station Rd", "Elm Ave", "Harbour Way", "King St", "Mill Lane", "Park Rd", "Bridge St");
    private static final List<String[]> DEVICES = List.of(
            new String[] {"phone", "iPhone 14"},
            new String[] {"phone", "iPhone 15 Pro"},
            new String[] {"phone", "Pixel 8"},
            new String[] {"phone", "Galaxy S23"},
            new String[] {"tablet", "iPad Air"},
            new String[] {"tablet", "Galaxy Tab S9"},
            new String[] {"laptop", "MacBook Air M2"},
            new String[] {"laptop", "ThinkPad T14"},
            new String[] {"laptop", "Dell XPS 13"},
            new String[] {"console", "PlayStation 5"},
            new String[] {"console", "Nintendo Switch"});
    private static final List<String> PROBLEMS = List.of(
            "cracked screen",
            "battery drains in a few hours",
            "does not charge",
            "water damage, will not turn on",
            "speaker crackles",
            "camera blurry",
            "keyboard keys stick",
            "overheats and shuts down",
            "HDMI port loose",
            "joystick drift",
            "back glass shattered",
            "no sound from headphone jack");
    private static final List<String> STATUSES =
            List.of("checked_in", "diagnosing", "awaiting_parts", "in_repair", "ready", "picked_up");
    private static final List<String> PRIORITIES = List.of("low", "normal", "normal", "normal", "high", "urgent");
    private static final List<String> PART_KINDS =
            List.of("screen", "battery", "charging port", "speaker", "camera", "back glass");
    private static final List<String> ROLES = List.of("technician", "technician", "front_desk", "manager");
    private static final List<String> APPOINTMENT_TYPES = List.of("drop_off", "pick_up", "consultation", "on_site");

    private static final List<String> ACCESSORIES = List.of("charger", "case", "cable", "SIM tray", "stylus", "none");
    private static final List<String> CONDITIONS = List.of("like new", "scratched", "dented", "cracked");
    /** The entities sample custom fields are declared on. */
    public static final List<String> CUSTOM_FIELD_ENTITIES = List.of("customers", "tickets");

    private final SplittableRandom random;
    private final Instant now;
    private final int customFields;

    public SampleData(long seed, Instant now) {
        this(seed, now, 0);
    }

    /**
     * Sample data whose customers and tickets also hold a value for each of {@code customFields}
     * custom fields of their entity ({@link #customFieldDeclarations}).
     */
    public SampleData(long seed, Instant now, int customFields) {
        this.random = new SplittableRandom(seed);
        this.now = now.truncatedTo(ChronoUnit.MINUTES);
        this.customFields = customFields;
    }

    /** How many custom fields of their entity customers and tickets hold a value for. */
    public int customFields() {
        return customFields;
    }

    /**
     * The declarations ({@code customFields} records' fields) of the sample custom fields of an
     * entity: text, choice, yes/no, number and date in turn, named {@code extra1}, {@code extra2}, …
     */
    public List<Map<String, Object>> customFieldDeclarations(String entity) {
        List<Map<String, Object>> declarations = new java.util.ArrayList<>();
        for (int i = 1; i <= customFields; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("entity", entity);
            fields.put("name", "extra" + i);
            fields.put("label", "Extra " + i);
            String type = CUSTOM_TYPES.get((i - 1) % CUSTOM_TYPES.size());
            fields.put("type", type);
            if (type.equals("choice")) {
                fields.put("choices", String.join("\n", CONDITIONS));
            }
            fields.put("position", (long) i);
            declarations.add(fields);
        }
        return declarations;
    }

    private static final List<String> CUSTOM_TYPES = List.of("text", "choice", "yesNo", "number", "date");

    /** A value for each sample custom field, as the {@code custom} member of a create. */
    private Map<String, Object> customValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= customFields; i++) {
            Object value =
                    switch (CUSTOM_TYPES.get((i - 1) % CUSTOM_TYPES.size())) {
                        case "text" -> pick(ACCESSORIES) + ", " + pick(ACCESSORIES);
                        case "choice" -> pick(CONDITIONS);
                        case "yesNo" -> random.nextBoolean();
                        case "number" -> (long) random.nextInt(0, 10_000);
                        default ->
                            now.atZone(java.time.ZoneOffset.UTC)
                                    .toLocalDate()
                                    .plusDays(random.nextInt(30, 730))
                                    .toString();
                    };
            values.put("extra" + i, value);
        }
        return values;
    }

    public Map<String, Object> employee(int index) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String first = pick(FIRST);
        fields.put("firstName", first);
        fields.put("lastName", pick(LAST));
        fields.put("email", first.toLowerCase(java.util.Locale.ROOT) + "." + index + "@staff.example");
        fields.put("role", pick(ROLES));
        fields.put("hourlyRateCents", 1800L + 100L * random.nextInt(20));
        return fields;
    }

    public Map<String, Object> item(int index) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String[] device = pick(DEVICES);
        String kind = PART_KINDS.get(index % PART_KINDS.size());
        fields.put(
                "sku", kind.replace(" ", "").substring(0, 3).toUpperCase(java.util.Locale.ROOT) + "-" + (1000 + index));
        fields.put("name", device[1] + " " + kind);
        fields.put("category", kind);
        fields.put("quantity", (long) random.nextInt(0, 40));
        fields.put("reorderLevel", (long) random.nextInt(2, 6));
        long cost = 500L + 100L * random.nextInt(150);
        fields.put("costCents", cost);
        fields.put("priceCents", cost * 2 + 900);
        fields.put("location", "shelf " + (char) ('A' + random.nextInt(6)) + random.nextInt(1, 9));
        return fields;
    }

    public Map<String, Object> customer() {
        Map<String, Object> fields = new LinkedHashMap<>();
        String first = pick(FIRST);
        String last = pick(LAST);
        fields.put("firstName", first);
        fields.put("lastName", last);
        fields.put("phone", String.format("555-%04d", random.nextInt(10_000)));
        if (random.nextInt(3) > 0) {
            fields.put(
                    "email",
                    (first + "." + last).toLowerCase(java.util.Locale.ROOT).replace("-", "") + random.nextInt(1000)
                            + "@mail.example");
        }
        fields.put("address", (1 + random.nextInt(300)) + " " + pick(STREETS));
        if (customFields > 0) {
            fields.put("custom", customValues());
        }
        return fields;
    }

    public Map<String, Object> ticket(String customerId, String technicianId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String[] device = pick(DEVICES);
        fields.put("customerId", customerId);
        fields.put("deviceType", device[0]);
        fields.put("deviceModel", device[1]);
        fields.put(
                "serialNumber",
                Long.toHexString(random.nextLong())
                        .toUpperCase(java.util.Locale.ROOT)
                        .substring(0, 10));
        fields.put("problem", pick(PROBLEMS));
        fields.put("status", pick(STATUSES));
        fields.put("priority", pick(PRIORITIES));
        if (technicianId != null) {
            fields.put("assignedEmployeeId", technicianId);
        }
        fields.put("estimateCents", 4900L + 500L * random.nextInt(40));
        fields.put("dueAt", now.plus(random.nextInt(1, 10), ChronoUnit.DAYS).toString());
        if (customFields > 0) {
            fields.put("custom", customValues());
        }
        return fields;
    }

    public Map<String, Object> part(String ticketId, String itemId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ticketId", ticketId);
        fields.put("inventoryItemId", itemId);
        fields.put("quantity", (long) (random.nextInt(10) == 0 ? 2 : 1));
        fields.put("unitPriceCents", 1900L + 100L * random.nextInt(200));
        return fields;
    }

    /** An appointment during opening hours in the coming four weeks. */
    public Map<String, Object> appointment(String customerId, String ticketId, String employeeId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("customerId", customerId);
        if (ticketId != null) {
            fields.put("ticketId", ticketId);
        }
        if (employeeId != null) {
            fields.put("employeeId", employeeId);
        }
        fields.put("type", pick(APPOINTMENT_TYPES));
        Instant day = now.truncatedTo(ChronoUnit.DAYS).plus(random.nextInt(0, 28), ChronoUnit.DAYS);
        fields.put(
                "startsAt",
                day.plus(9 * 60 + 30L * random.nextInt(16), ChronoUnit.MINUTES).toString());
        fields.put("durationMinutes", (long) (15 * random.nextInt(1, 5)));
        return fields;
    }

    /** A whole number in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** True with the given probability. */
    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
