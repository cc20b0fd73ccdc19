package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.Flags;
import com.repairsync.cli.Terminal;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shop's own fields as the command line names and shows them: the entity typed as a noun
 * ({@code ticket}), the type as {@code yes-no}, and a declaration as one JSON object or a table row.
 */
final class CustomFieldViews {
    /** The entity of the declarations. */
    static final String ENTITY = Schema.CUSTOM_FIELDS.name();

    private CustomFieldViews() {}

    /**
     * The entity a person typed ({@code ticket}, {@code tickets}, {@code item} ...), as its wire name.
     *
     * @throws CliException (usage) naming ENTITY for an unknown entity or one without custom fields
     */
    static String entity(String text) {
        Nouns noun = Nouns.named("ENTITY", text);
        if (!noun.type().allowsCustomFields()) {
            throw CliException.usage("ENTITY: " + noun.type().name() + " have no fields of the shop's own; they are"
                    + " on " + String.join(", ", nouns()));
        }
        return noun.type().name();
    }

    /** The noun of an entity with custom fields, as people type it. */
    static String noun(String entity) {
        return Nouns.ofEntity(entity).map(Nouns::noun).orElse(entity);
    }

    private static List<String> nouns() {
        return CustomField.ENTITIES.stream().map(CustomFieldViews::noun).toList();
    }

    /**
     * The type a person typed: {@code text}, {@code number}, {@code money}, {@code yes-no} (also
     * {@code yesNo}), {@code choice} or {@code date}.
     *
     * @throws CliException (usage) naming {@code --type} for anything else
     */
    static CustomFieldType type(String text) {
        String typed = text.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(CustomFieldType.values())
                .filter(t -> t.wireName().toLowerCase(Locale.ROOT).equals(typed))
                .findFirst()
                .orElseThrow(() -> CliException.usage("--type: expected one of "
                        + String.join(
                                ", ",
                                Arrays.stream(CustomFieldType.values())
                                        .map(CustomFieldViews::typeName)
                                        .toList())
                        + " (got '" + text + "')"));
    }

    /** A type as the command line spells it: {@code yes-no}. */
    static String typeName(CustomFieldType type) {
        return Flags.kebab(type.wireName());
    }

    /** A label made from a name: {@code waterDamage} is "Water damage". */
    static String labelOf(String name) {
        String words = Flags.kebab(name).replace('-', ' ');
        return words.isEmpty() ? name : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static Optional<CustomField> find(RepairSyncDevice device, String entity, String name) {
        return device.customFields().all(entity).stream()
                .filter(f -> f.name().equals(name))
                .findFirst();
    }

    /** A declaration as {@code --json} prints it: its wire fields and its sync status. */
    static ObjectNode of(RepairSyncDevice device, CustomField field) {
        ObjectNode view = Terminal.object()
                .put("id", field.id())
                .put("entity", field.entity())
                .put("name", field.name())
                .put("label", field.label())
                .put("type", field.type().wireName());
        ArrayNode choices = view.putArray("choices");
        field.choices().forEach(choices::add);
        view.put("required", field.required())
                .put("visibleTo", field.visibility() == Visibility.MANAGERS ? "managers" : "everyone")
                .put("removed", field.removed())
                .put("position", field.position())
                .put("syncStatus", device.status(ENTITY, field.id()).name().toLowerCase(Locale.ROOT));
        return view;
    }

    /** Declarations as a table for people; {@code withRemoved} adds whether each is removed. */
    static void printTable(Terminal terminal, List<CustomField> fields, boolean withRemoved) {
        if (fields.isEmpty()) {
            terminal.line("No fields of the shop's own" + (withRemoved ? "." : " (--all shows removed ones)."));
            return;
        }
        List<String> headers = new ArrayList<>(List.of("ENTITY", "NAME", "LABEL", "TYPE", "REQUIRED", "SEEN BY"));
        headers.add("CHOICES");
        if (withRemoved) {
            headers.add("REMOVED");
        }
        List<List<String>> rows = new ArrayList<>();
        for (CustomField field : fields) {
            List<String> row = new ArrayList<>(List.of(
                    noun(field.entity()),
                    field.name(),
                    field.label(),
                    typeName(field.type()),
                    field.required() ? "yes" : "no",
                    field.visibility() == Visibility.MANAGERS ? "managers" : "everyone",
                    String.join(", ", field.choices())));
            if (withRemoved) {
                row.add(field.removed() ? "yes" : "no");
            }
            rows.add(row);
        }
        terminal.table(headers, rows);
        terminal.line(fields.size() + " field(s)");
    }
}
