package com.repairsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.FieldSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Turns text typed on the command line into a field's wire value, checked against the field's
 * declaration, so a bad value is refused naming its flag before anything is stored.
 */
public final class Values {
    private Values() {}

    /**
     * The wire value (String, Long or Boolean) of a flag's text.
     *
     * @throws CliException (usage) naming the flag if the text is not a valid value
     */
    public static Object parse(FieldSpec field, String flag, String text) {
        JsonNode node =
                switch (field.type()) {
                    case INTEGER, MONEY, COUNTER -> JsonNodeFactory.instance.numberNode(whole(flag, text));
                    case BOOLEAN -> JsonNodeFactory.instance.booleanNode(bool(flag, text));
                    case INSTANT -> JsonNodeFactory.instance.textNode(WireInstant.format(instant(flag, text)));
                    case TEXT, EMAIL, ENUM, REFERENCE, FILE, DATE -> JsonNodeFactory.instance.textNode(text);
                };
        Object value;
        try {
            value = field.parse(node);
        } catch (Violation violation) {
            throw CliException.usage(flag + ": " + violation.getMessage() + " (got '" + text + "')");
        }
        return value instanceof Instant instant ? WireInstant.format(instant) : value;
    }

    public static long whole(String flag, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw CliException.usage(flag + ": must be a whole number (got '" + text + "')");
        }
    }

    private static boolean bool(String flag, String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw CliException.usage(flag + ": must be true or false (got '" + text + "')");
        };
    }

    /**
     * An instant from {@code 2026-11-24T15:30:00Z}, a local {@code 2026-11-24T15:30} or {@code
     * 2026-11-24 15:30}, or a local date {@code 2026-11-24} (its start).
     *
     * @throws CliException (usage) naming the flag for anything else
     */
    public static Instant instant(String flag, String text) {
        String value = text.trim();
        try {
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(value).toInstant();
            }
            if (value.length() == 10) {
                return LocalDate.parse(value)
                        .atStartOfDay(ZoneId.systemDefault())
                        .toInstant();
            }
            return LocalDateTime.parse(value.replace(' ', 'T'))
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.usage(flag + ": not a date or time (got '" + text
                    + "'); use 2026-11-24, 2026-11-24T15:30 (local time) or 2026-11-24T15:30:00Z");
        }
    }

    /** A record id given on the command line, in canonical form. */
    public static String id(String what, String text) {
        return FieldSpec.canonicalUuid(text.trim())
                .orElseThrow(() -> CliException.usage(what + ": '" + text
                        + "' is not an id; ids are UUIDs such as 6f1c2d3e-0000-4000-8000-000000000000"));
    }
}
