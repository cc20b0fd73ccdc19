package com.repairsync.cli.device;

import com.repairsync.cli.Flags;
import com.repairsync.cli.Values;
import com.repairsync.protocol.schema.FieldSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An entity's declared fields as flags of {@code add} and {@code edit}: one flag per field, with a
 * label and help text from its type, and the values given read back, typed and checked by the
 * field's declaration.
 */
final class FieldFlags {
    private static final Set<String> HIDDEN_FIELDS = Set.of("pinHash"); // set with `employee set-pin`

    private FieldFlags() {}

    /** Adds a flag per field a new record ({@code creating}) or an edit may set; required ones only when creating. */
    static void addTo(CommandSpec spec, Nouns noun, boolean creating) {
        for (FieldSpec field : fields(noun, creating)) {
            spec.addOption(OptionSpec.builder(Flags.of(field.name()))
                    .paramLabel(label(field))
                    .type(String.class)
                    .required(creating && field.required())
                    .description(help(field))
                    .build());
        }
    }

    /** The fields given on the command line, by field name, parsed by their declarations. */
    static Map<String, Object> values(CommandSpec spec, Nouns noun, boolean creating) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec field : fields(noun, creating)) {
            OptionSpec option = spec.findOption(Flags.of(field.name()));
            String text = option.getValue();
            if (text != null) {
                values.put(field.name(), Values.parse(field, option.longestName(), text));
            }
        }
        return values;
    }

    /** The fields an edit may set: counters change only by adjustments, never by setting them. */
    static List<FieldSpec> editable(Nouns noun) {
        return creatable(noun).stream().filter(f -> !f.isCounter()).toList();
    }

    private static List<FieldSpec> fields(Nouns noun, boolean creating) {
        return creating ? creatable(noun) : editable(noun);
    }

    private static List<FieldSpec> creatable(Nouns noun) {
        return noun.type().fields().stream()
                .filter(f -> !HIDDEN_FIELDS.contains(f.name()))
                .toList();
    }

    private static String label(FieldSpec field) {
        return switch (field.type()) {
            case ENUM -> "VALUE";
            case REFERENCE -> "ID";
            case MONEY -> "CENTS";
            case INTEGER, COUNTER -> "N";
            case INSTANT -> "TIME";
            case BOOLEAN -> "true|false";
            case EMAIL -> "EMAIL";
            case TEXT -> "TEXT";
            case FILE -> "HASH";
            case DATE -> "DATE";
        };
    }

    private static String help(FieldSpec field) {
        String what =
                switch (field.type()) {
                    case ENUM -> "one of " + String.join(", ", field.allowedValues());
                    case REFERENCE -> "id of a " + field.references() + " record";
                    case MONEY -> "amount in cents, such as 12500 for 125.00";
                    case INTEGER -> "whole number " + field.min() + ".." + field.max();
                    case COUNTER -> "starting count (change it later with adjust)";
                    case INSTANT -> "date and time: 2026-11-24T15:30 (local) or 2026-11-24T14:30:00Z";
                    case BOOLEAN -> "true or false";
                    case EMAIL -> "e-mail address";
                    case TEXT -> "text up to " + field.maxLength() + " characters";
                    case FILE -> "SHA-256 of a file in the shop's file lane";
                    case DATE -> "a date: 2027-03-01";
                };
        String extra = field.required()
                ? " (required)"
                : field.defaultValue() != null ? " (default " + field.defaultValue() + ")" : "";
        return what + extra;
    }
}
