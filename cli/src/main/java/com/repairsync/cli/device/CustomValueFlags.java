package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.protocol.schema.CustomField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code --field NAME=VALUE} flag of {@code add} and {@code edit} on the entities a shop may
 * declare its own fields on ({@code repairsync field add}): each value is read by its declaration
 * on this device (a number, money in cents, yes or no, one of the choices, a date {@code
 * 2027-03-01}) and a bad one is refused naming {@code --field NAME} before anything is stored.
 */
final class CustomValueFlags {
    static final String FLAG = "--field";

    private CustomValueFlags() {}

    /** Adds {@code --field} to the noun's {@code add} or {@code edit}; nothing for an entity without custom fields. */
    static void addTo(CommandSpec spec, Nouns noun, boolean creating) {
        if (!noun.type().allowsCustomFields()) {
            return;
        }
        spec.addOption(OptionSpec.builder(FLAG)
                .paramLabel("NAME=VALUE")
                .type(String[].class)
                .description("a value of one of the shop's own fields (repeatable), such as --field"
                        + " accessories=\"charger, case\"; "
                        + (creating ? "" : "an empty VALUE clears it; ")
                        + "repairsync field list " + noun.noun() + " shows them")
                .build());
    }

    /**
     * The custom values given, by field name (null clears one on an edit), each parsed by its
     * declaration; on a new record, every active required field must have one.
     *
     * @throws CliException (usage) naming {@code --field NAME} for a malformed flag, an undeclared
     *     name, a bad value or a missing required value
     */
    static Map<String, Object> values(CommandSpec spec, RepairSyncDevice device, Nouns noun, boolean creating) {
        OptionSpec option = spec.findOption(FLAG);
        if (option == null) {
            return Map.of();
        }
        String[] given = option.getValue();
        Map<String, Object> values = new LinkedHashMap<>();
        if (given != null && given.length > 0) {
            List<CustomField> declared = device.customFields().all(noun.type().name());
            for (String text : given) {
                int equals = text.indexOf('=');
                String name =
                        equals < 0 ? text.strip() : text.substring(0, equals).strip();
                if (equals < 1 || name.isEmpty()) {
                    throw CliException.usage(
                            FLAG + ": expected NAME=VALUE, such as accessories=charger (got '" + text + "')");
                }
                if (values.containsKey(name)) {
                    throw CliException.usage(FLAG + " " + name + ": given twice");
                }
                CustomField field = find(declared, name).orElseThrow(() -> undeclared(noun, declared, name));
                values.put(name, value(field, text.substring(equals + 1)));
            }
        }
        if (creating) {
            values.values().removeIf(java.util.Objects::isNull);
            requireValues(device, noun, values);
        }
        return values;
    }

    /** Refuses a new record that lacks a value of an active required field, naming the first. */
    private static void requireValues(RepairSyncDevice device, Nouns noun, Map<String, Object> values) {
        for (CustomField field : device.customFields().active(noun.type().name())) {
            if (field.required() && values.get(field.name()) == null) {
                throw CliException.usage(FLAG + " " + field.name() + ": required for a new " + noun.noun() + " ("
                        + field.label() + "); give " + FLAG + " " + field.name() + "=VALUE");
            }
        }
    }

    private static Object value(CustomField field, String text) {
        String flag = FLAG + " " + field.name();
        if (text.isEmpty()) {
            return null; // clears it on an edit; on a new record the same as not given
        }
        return Values.parse(field.spec(), flag, text);
    }

    private static Optional<CustomField> find(List<CustomField> declared, String name) {
        return declared.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static CliException undeclared(Nouns noun, List<CustomField> declared, String name) {
        List<String> names = declared.stream()
                .filter(f -> !f.removed())
                .map(CustomField::name)
                .toList();
        return CliException.usage(FLAG + " " + name + ": " + noun.type().name() + " have no field '" + name + "' ("
                + (names.isEmpty() ? "none declared" : "fields: " + String.join(", ", names))
                + "; see repairsync field list " + noun.noun() + ")");
    }
}
