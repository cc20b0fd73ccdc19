package com.repairsync.desk.ui;

import com.repairsync.protocol.schema.CustomField;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/**
 * One custom field's control, by its type (a text field for text, number and money, a checkbox for
 * yes/no, a choice box, a date picker), and the label next to it that says what is wrong with its
 * value. Values are read and written in the SDK's canonical form ({@link CustomFieldInputs}).
 */
abstract class CustomFieldInput {
    private final Label error = new Label();

    CustomFieldInput(String id) {
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

    /** The control of a field by its type; ids start {@code id} (its error {@code id-error}). */
    static CustomFieldInput of(String id, CustomField field) {
        return switch (field.type()) {
            case TEXT -> new TextInput(id, field, "");
            case NUMBER -> new TextInput(id, field, "Whole number");
            case MONEY -> new TextInput(id, field, "0.00");
            case YES_NO -> new YesNoInput(id);
            case CHOICE -> new ChoiceInput(id, field);
            case DATE -> new DateInput(id);
        };
    }

    private static final class TextInput extends CustomFieldInput {
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

    private static final class YesNoInput extends CustomFieldInput {
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

    private static final class ChoiceInput extends CustomFieldInput {
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

    private static final class DateInput extends CustomFieldInput {
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
