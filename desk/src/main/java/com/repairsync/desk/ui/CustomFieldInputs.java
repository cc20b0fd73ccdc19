package com.repairsync.desk.ui;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A shop's custom fields of one entity as form inputs: a control per active field by its type (a
 * text field for text, number and money, a checkbox for yes/no, a choice box, a date picker),
 * required ones marked with a star, and a refusal shown next to the field it names.
 *
 * <p>The inputs are rebuilt only when the declarations change (a label renamed, a choice added, a
 * field removed), so a live reload never throws away what someone is typing. Values are read in
 * the SDK's canonical form: String for text and choice, Long for number and money (cents),
 * Boolean for yes/no, "yyyy-MM-dd" for a date.
 */
final class CustomFieldInputs {
    private final String prefix;
    private final GridPane grid = Fx.form();
    private final Map<String, CustomFieldInput> inputs = new LinkedHashMap<>();
    private List<CustomField> fields = List.of();

    /** @param prefix starts the ids of the controls: {@code prefix-name}, its error {@code prefix-name-error} */
    CustomFieldInputs(String prefix) {
        this.prefix = prefix;
        grid.setId(prefix);
        show(false);
    }

    Node view() {
        return grid;
    }

    /** Keeps the inputs as wide as the form above them. */
    CustomFieldInputs maxWidth(double width) {
        grid.setMaxWidth(width);
        return this;
    }

    /** The fields shown now. */
    List<CustomField> fields() {
        return fields;
    }

    /**
     * The active fields of the entity the acting role sees (removed ones are hidden, managers-only
     * ones only for admins and managers).
     */
    static List<CustomField> visible(List<CustomField> active, Role role) {
        return active.stream()
                .filter(f -> !f.removed() && f.visibility().visibleTo(role))
                .toList();
    }

    /**
     * Shows these fields; the inputs are rebuilt (and emptied) only if the declarations differ from
     * the ones shown. Returns whether they were rebuilt.
     */
    boolean fields(List<CustomField> now) {
        if (now.equals(fields)) {
            return false;
        }
        Map<String, Object> typed = new HashMap<>();
        inputs.forEach((name, input) -> {
            try {
                typed.put(name, input.read());
            } catch (IllegalArgumentException unreadable) {
                // a value that does not parse is dropped with the old input
            }
        });
        fields = List.copyOf(now);
        inputs.clear();
        grid.getChildren().clear();
        for (CustomField field : fields) {
            CustomFieldInput input = input(field);
            inputs.put(field.name(), input);
            Label caption = new Label(field.label() + (field.required() ? " *" : ""));
            caption.getStyleClass().add("caption");
            caption.setMinWidth(Region.USE_PREF_SIZE);
            if (field.required()) {
                caption.getStyleClass().add("required");
                caption.setTooltip(new Tooltip("Required for a new record"));
            }
            int row = grid.getRowCount();
            grid.add(caption, 0, row);
            grid.add(input.control(), 1, row);
            grid.add(input.error(), 2, row);
            GridPane.setHgrow(input.control(), Priority.ALWAYS);
            input.write(typed.get(field.name()));
        }
        show(!fields.isEmpty());
        return true;
    }

    private void show(boolean shown) {
        grid.setVisible(shown);
        grid.setManaged(shown);
    }

    /** Fills the inputs with a record's values (by field name; null empties an input). */
    void fill(Function<String, Object> values) {
        clearErrors();
        inputs.forEach((name, input) -> input.write(values.apply(name)));
    }

    void clear() {
        fill(name -> null);
    }

    /** Whether what the inputs hold differs from a record's values (someone is typing). */
    boolean differs(Function<String, Object> values) {
        for (Map.Entry<String, CustomFieldInput> entry : inputs.entrySet()) {
            Object now;
            try {
                now = entry.getValue().read();
            } catch (IllegalArgumentException unreadable) {
                return true;
            }
            Object before = values.apply(entry.getKey());
            if (!same(before, now) && !(now instanceof Boolean b && !b && before == null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of a new record (by field name, only those given; an unchecked yes/no is "no").
     *
     * @throws IllegalArgumentException naming each value that does not parse and each required
     *     field left empty, after showing each next to its input
     */
    Map<String, Object> forCreate() {
        clearErrors();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        for (CustomField field : fields) {
            CustomFieldInput input = inputs.get(field.name());
            try {
                Object value = input.read();
                if (value == null && field.required()) {
                    problems.add(input.showError(field.label() + " is required"));
                } else if (value != null) {
                    values.put(field.name(), value);
                }
            } catch (IllegalArgumentException e) {
                problems.add(field.label() + ": " + input.showError(e.getMessage()));
            }
        }
        return checked(values, problems);
    }

    /**
     * The values that changed from a record's (by field name; null clears one).
     *
     * @throws IllegalArgumentException naming each value that does not parse, after showing each
     *     next to its input
     */
    Map<String, Object> changedFrom(Function<String, Object> before) {
        clearErrors();
        Map<String, Object> changed = new LinkedHashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        for (CustomField field : fields) {
            CustomFieldInput input = inputs.get(field.name());
            try {
                Object now = input.read();
                Object was = before.apply(field.name());
                boolean uncheckedNeverSet = now instanceof Boolean b && !b && was == null;
                if (!same(was, now) && !uncheckedNeverSet) {
                    changed.put(field.name(), now);
                }
            } catch (IllegalArgumentException e) {
                problems.add(field.label() + ": " + input.showError(e.getMessage()));
            }
        }
        return checked(changed, problems);
    }

    private static Map<String, Object> checked(Map<String, Object> values, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return values;
    }

    /**
     * Shows a refusal next to the custom field it names ({@code custom.accessories}); returns
     * whether it named one of the fields shown.
     */
    boolean showError(Throwable error) {
        if (error instanceof InvalidRecordException invalid && invalid.field() != null) {
            String field = invalid.field();
            String name = field.startsWith("custom.") ? field.substring("custom.".length()) : field;
            CustomFieldInput input = inputs.get(name);
            if (input != null) {
                input.showError(invalid.getMessage());
                return true;
            }
        }
        return false;
    }

    void clearErrors() {
        inputs.values().forEach(i -> i.showError(null));
    }

    /** A field's value as a list shows it: "$12.50", "Yes", "2026-12-24". */
    static String display(CustomField field, Object value) {
        if (value == null) {
            return "";
        }
        return switch (field.type()) {
            case MONEY -> value instanceof Number n ? Fx.money(n.longValue()) : value.toString();
            case YES_NO -> Boolean.TRUE.equals(value) ? "Yes" : "No";
            default -> value.toString();
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    private CustomFieldInput input(CustomField field) {
        return CustomFieldInput.of(prefix + "-" + field.name(), field);
    }
}
