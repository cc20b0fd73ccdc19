package com.repairsync.desk.ui;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

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
    private final Map<String, Input> inputs = new LinkedHashMap<>();
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
            Input input = input(field);
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
        for (Map.Entry<String, Input> entry : inputs.entrySet()) {
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
            Input input = inputs.get(field.name());
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
            Input input = inputs.get(field.name());
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
            Input input = inputs.get(name);
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

    private Input input(CustomField field) {
        String id = prefix + "-" + field.name();
        return switch (field.type()) {
            case TEXT -> new TextInput(id, field, "");
            case NUMBER -> new TextInput(id, field, "Whole number");
            case MONEY -> new TextInput(id, field, "0.00");
            case YES_NO -> new YesNoInput(id);
            case CHOICE -> new ChoiceInput(id, field);
            case DATE -> new DateInput(id);
        };
    }

    /** One field's control and the label next to it that says what is wrong with its value. */
    private abstract static class Input {
        private final Label error = new Label();

        Input(String id) {
            error.setId(id + "-error");
            error.getStyleClass().add("reason");
            error.setWrapText(true);
            error.setMaxWidth(320);
            error.setMinHeight(Region.USE_PREF_SIZE); // a long refusal wraps instead of being cut
            showError(null);
        }

        abstract Control control();

        /** Hides the error once the person changes the value. */
        final void clearErrorOnEdit(javafx.beans.Observable value) {
            value.addListener(o -> showError(null));
        }

        /** The value in canonical form, null when empty. */
        abstract Object read();

        abstract void write(Object value);

        Label error() {
            return error;
        }

        /** Shows (null: hides) what is wrong next to the input; returns the message. */
        String showError(String message) {
            error.setText(message == null ? "" : message);
            error.setVisible(message != null);
            return message;
        }
    }

    private static final class TextInput extends Input {
        private final TextField field;
        private final CustomField declaration;

        TextInput(String id, CustomField declaration, String prompt) {
            super(id);
            this.declaration = declaration;
            this.field = Fx.field(id, prompt);
            clearErrorOnEdit(field.textProperty());
        }

        @Override
        Control control() {
            return field;
        }

        @Override
        Object read() {
            String text = Fx.blankToNull(field.getText());
            if (text == null) {
                return null;
            }
            return switch (declaration.type()) {
                case NUMBER -> {
                    try {
                        yield Long.parseLong(text.replace(",", ""));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not a whole number: " + text);
                    }
                }
                case MONEY -> Fx.cents(text);
                default -> text;
            };
        }

        @Override
        void write(Object value) {
            String text;
            if (value == null) {
                text = "";
            } else if (declaration.type() == com.repairsync.protocol.schema.CustomFieldType.MONEY
                    && value instanceof Number n) {
                text = Fx.money(n.longValue()).replace("$", "");
            } else {
                text = value.toString();
            }
            field.setText(text);
        }
    }

    private static final class YesNoInput extends Input {
        private final CheckBox box = new CheckBox();

        YesNoInput(String id) {
            super(id);
            box.setId(id);
            clearErrorOnEdit(box.selectedProperty());
        }

        @Override
        Control control() {
            return box;
        }

        @Override
        Object read() {
            return box.isSelected();
        }

        @Override
        void write(Object value) {
            box.setSelected(Boolean.TRUE.equals(value));
        }
    }

    private static final class ChoiceInput extends Input {
        private static final String NONE = "";
        private final ComboBox<String> box = new ComboBox<>();

        ChoiceInput(String id, CustomField declaration) {
            super(id);
            box.setId(id);
            box.getItems().add(NONE);
            box.getItems().addAll(declaration.choices());
            clearErrorOnEdit(box.valueProperty());
            box.setConverter(new StringConverter<>() {
                @Override
                public String toString(String choice) {
                    return choice == null || choice.isEmpty() ? "\u2014" : choice;
                }

                @Override
                public String fromString(String text) {
                    return text;
                }
            });
        }

        @Override
        Control control() {
            return box;
        }

        @Override
        Object read() {
            String value = box.getValue();
            return value == null || value.isEmpty() ? null : value;
        }

        @Override
        void write(Object value) {
            String choice = value == null ? NONE : value.toString();
            if (!box.getItems().contains(choice)) {
                box.getItems().add(choice); // a value this device's declaration does not list yet
            }
            box.setValue(choice);
        }
    }

    private static final class DateInput extends Input {
        private final DatePicker picker = new DatePicker();

        DateInput(String id) {
            super(id);
            picker.setId(id);
            picker.setPromptText("yyyy-mm-dd");
            clearErrorOnEdit(picker.getEditor().textProperty());
            picker.setConverter(new StringConverter<>() {
                @Override
                public String toString(LocalDate date) {
                    return date == null ? "" : date.toString();
                }

                @Override
                public LocalDate fromString(String text) {
                    String clean = Fx.blankToNull(text);
                    try {
                        return clean == null ? null : LocalDate.parse(clean);
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                }
            });
        }

        @Override
        Control control() {
            return picker;
        }

        @Override
        Object read() {
            // The editor holds what was typed even before the picker committed it.
            String typed = Fx.blankToNull(picker.getEditor().getText());
            if (typed == null) {
                return null;
            }
            try {
                return LocalDate.parse(typed).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a date (yyyy-mm-dd): " + typed);
            }
        }

        @Override
        void write(Object value) {
            LocalDate date = value == null ? null : LocalDate.parse(value.toString());
            picker.setValue(date);
            picker.getEditor().setText(date == null ? "" : date.toString());
        }
    }
}
