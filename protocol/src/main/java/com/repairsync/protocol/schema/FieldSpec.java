package com.repairsync.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.WireInstant;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The declaration of one field: wire name, column, type, whether it is required on create, its
 * default, its bounds, who may see it, whether it holds a person's data (erased with its record,
 * {@link #personal}) and whether it is a secret (history records that it changed, never its
 * values, {@link #secret}) and how a device searches it ({@link #searchAs}, null when it does
 * not), and whether it merges as a union of lines ({@link #unionOfLines}: a write adds lines,
 * never removes one, so two devices adding lines at once both keep theirs). {@link #parse} turns a wire value into the canonical
 * Java value (String, Long, Boolean or Instant) or refuses it with a {@link Violation} naming the
 * field.
 */
public record FieldSpec(
        String name,
        String column,
        FieldType type,
        boolean required,
        Object defaultValue,
        int maxLength,
        long min,
        long max,
        List<String> allowedValues,
        String references,
        Visibility visibility,
        boolean personal,
        boolean secret,
        SearchAs searchAs,
        boolean unionOfLines) {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** Whether a device finds records by this field as the user types ({@link #searchAs}). */
    public boolean searchable() {
        return searchAs != null;
    }

    /** What an erased record holds in this field: a placeholder if it is required, else nothing. */
    public Object erasedValue() {
        return required ? ERASED_PLACEHOLDER : null;
    }

    /** The text a required personal field of an erased record holds. */
    public static final String ERASED_PLACEHOLDER = "(erased)";

    /** True when the field merges by adding deltas instead of last-writer-wins. */
    public boolean isCounter() {
        return type == FieldType.COUNTER;
    }

    /**
     * Validates a wire value and returns its canonical Java form; JSON null gives null.
     *
     * @throws Violation with {@link ErrorCode#VALIDATION_FAILED} naming the field if the value is
     *     of the wrong type or out of bounds, or if a required field is set to null
     */
    public Object parse(JsonNode value) {
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("is required and may not be null");
            }
            if (defaultValue != null) {
                throw invalid("may not be null; leave it out to keep its value (default " + defaultValue + ")");
            }
            return null;
        }
        return switch (type) {
            case TEXT -> text(value);
            case EMAIL -> email(value);
            case ENUM -> enumValue(value);
            case REFERENCE -> uuid(value);
            case INTEGER, MONEY, COUNTER -> bounded(value);
            case INSTANT -> instant(value);
            case BOOLEAN -> bool(value);
            case FILE -> sha256(value);
            case DATE -> date(value);
        };
    }

    private String text(JsonNode value) {
        if (!value.isTextual()) {
            throw invalid("must be a string");
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            throw invalid("is " + text.length() + " characters long; the limit is " + maxLength);
        }
        if (required && text.isBlank()) {
            throw invalid("is required and may not be blank");
        }
        int surrogate = unpairedSurrogate(text);
        if (surrogate >= 0) {
            throw invalid("has an unpaired UTF-16 surrogate (not a character) at index " + surrogate);
        }
        return text;
    }

    private String email(JsonNode value) {
        String text = text(value);
        if (!text.isEmpty() && !isEmail(text)) {
            throw invalid("must be an e-mail address");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private String enumValue(JsonNode value) {
        if (!value.isTextual() || !allowedValues.contains(value.textValue())) {
            throw invalid("must be one of " + String.join(", ", allowedValues));
        }
        return value.textValue();
    }

    private String uuid(JsonNode value) {
        if (!value.isTextual()) {
            throw invalid("must be a UUID string");
        }
        return canonicalUuid(value.textValue())
                .orElseThrow(() -> invalid("must be a UUID such as 6f1c2d3e-0000-4000-8000-000000000000"));
    }

    private String sha256(JsonNode value) {
        if (!value.isTextual() || !Sha256.isHex(value.textValue())) {
            throw invalid("must be the SHA-256 of a file: 64 lower-case hex digits");
        }
        return value.textValue();
    }

    private Long bounded(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("must be a whole number");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw invalid("must be between " + min + " and " + max);
        }
        return number;
    }

    private Instant instant(JsonNode value) {
        if (!value.isTextual()) {
            throw invalid("must be an ISO-8601 UTC instant string");
        }
        try {
            // The wire's fixed form is read by hand (DateTimeFormatter was 3% of a push); others parse in full.
            return WireInstant.parse(value.textValue()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw invalid("must be an ISO-8601 UTC instant such as 2026-11-24T15:30:00Z");
        }
    }

    private String date(JsonNode value) {
        if (!value.isTextual()) {
            throw invalid("must be a date string such as 2027-03-01");
        }
        String text = value.textValue();
        try {
            if (text.length() == 10) {
                return java.time.LocalDate.parse(text).toString();
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw invalid("must be a date such as 2027-03-01 (year-month-day)");
    }

    private Boolean bool(JsonNode value) {
        if (!value.isBoolean()) {
            throw invalid("must be true or false");
        }
        return value.booleanValue();
    }

    private Violation invalid(String reason) {
        return new Violation(ErrorCode.VALIDATION_FAILED, name, name + " " + reason);
    }

    /**
     * The index of the first UTF-16 surrogate in text that is not half of a pair, or -1. Such a
     * surrogate is not a character: JSON can escape one ({@code "\\ud800"}) but UTF-8 cannot
     * encode it, so SQLite, PostgreSQL and the wire would store {@code ?} instead, and the device
     * and the server would hold different text.
     */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether text looks like an e-mail address (the rule every e-mail field uses). */
    public static boolean isEmail(String text) {
        return EMAIL.matcher(text).matches();
    }

    /**
     * The canonical lower-case form of a UUID string (8-4-4-4-12 hex digits), or empty if it is not
     * one. Checked by hand: the server checks several per pushed mutation.
     */
    public static java.util.Optional<String> canonicalUuid(String text) {
        if (text == null || text.length() != 36) {
            return java.util.Optional.empty();
        }
        boolean lowerCase = true;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return java.util.Optional.empty();
                }
            } else if (c >= 'A' && c <= 'F') {
                lowerCase = false;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(lowerCase ? text : text.toLowerCase(java.util.Locale.ROOT));
    }
}
