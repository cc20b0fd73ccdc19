package com.repairsync.desk.ui;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.records.NewCustomField;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The shop's own fields (admins only): per entity (repairs, customers, inventory items) every
 * declared field, removed ones too; add one (name, label, type, choices, required, managers only),
 * and for the selected one rename its label, add a choice, make it required or optional, move it
 * up or down, remove or restore it. A refusal shows next to the input it names.
 *
 * <p>Declarations are records like any other: they are written on this computer, sync, and reach
 * every device; the forms and lists of the other screens follow them.
 */
final class FieldsScreen implements Screen {
    /** The entities that take custom fields, with their names for people. */
    static final Map<String, String> ENTITIES = entityNames();

    private final DeskContext ctx;
    private final ToggleGroup entityGroup = new ToggleGroup();
    private final TableView<CustomField> table = new TableView<>();
    private final Label newTitle = new Label();
    private final TextField name = Fx.field("fieldName", "e.g. accessories");
    private final TextField label = Fx.field("fieldLabel", "e.g. Accessories left");
    private final ComboBox<CustomFieldType> type = new ComboBox<>();
    private final TextArea choices = new TextArea();
    private final CheckBox required = new CheckBox("Required for a new record");
    private final CheckBox managersOnly = new CheckBox("Only managers and admins see its values");
    private final Button add = Fx.button("Add field", "addField");
    private final Map<String, Label> addErrors = new LinkedHashMap<>();
    private final Label selectedTitle = new Label("Select a field to change it");
    private final TextField relabel = Fx.field("fieldRelabel", "New label");
    private final Button rename = Fx.button("Rename", "renameField");
    private final Label relabelError = error("fieldRelabel-error");
    private final TextField newChoice = Fx.field("fieldNewChoice", "New choice");
    private final Button addChoice = Fx.button("Add choice", "addChoice");
    private final Label choiceError = error("fieldNewChoice-error");
    private final Button toggleRequired = Fx.button("Make required", "toggleRequired");
    private final Button up = Fx.button("\u2191 Up", "moveFieldUp");
    private final Button down = Fx.button("\u2193 Down", "moveFieldDown");
    private final Button toggleRemoved = Fx.button("Remove", "toggleRemoved");
    private final Label selectedError = error("fieldChange-error");
    private final VBox view;
    private String entity = "tickets";

    FieldsScreen(DeskContext ctx) {
        this.ctx = ctx;
        List<Node> entityButtons = new ArrayList<>();
        ENTITIES.forEach((wire, title) -> {
            ToggleButton button = new ToggleButton(title);
            button.setId("fieldsOf-" + wire);
            button.setToggleGroup(entityGroup);
            button.setUserData(wire);
            button.setSelected(wire.equals(entity));
            entityButtons.add(button);
        });
        entityGroup.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one entity is always chosen
                return;
            }
            entity = (String) now.getUserData();
            clearAddErrors();
            reload();
        });

        table.setId("fieldTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.column("Label", 170, CustomField::label),
                        Fx.column("Name", 130, CustomField::name),
                        Fx.column("Type", 80, f -> typeName(f.type())),
                        Fx.column("Choices", 200, f -> String.join(", ", f.choices())),
                        Fx.column("Required", 70, f -> f.required() ? "yes" : ""),
                        Fx.column("Who sees it", 120, f -> switch (f.visibility()) {
                            case MANAGERS -> "Managers, admins";
                            case EVERYONE -> "Everyone";
                        }),
                        Fx.column("", 90, f -> f.removed() ? "removed" : "")));
        table.setPlaceholder(new Label("No fields of its own yet"));
        table.setPrefHeight(220);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CustomField item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("removed-field");
                if (!empty && item != null && item.removed()) {
                    getStyleClass().add("removed-field");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showSelected(now));

        type.setId("fieldType");
        type.getItems().setAll(CustomFieldType.values());
        type.setValue(CustomFieldType.TEXT);
        type.setConverter(new StringConverter<>() {
            @Override
            public String toString(CustomFieldType t) {
                return t == null ? "" : typeName(t);
            }

            @Override
            public CustomFieldType fromString(String text) {
                return null;
            }
        });
        choices.setId("fieldChoices");
        choices.setPromptText("One choice per line");
        choices.setPrefRowCount(3);
        choices.disableProperty().bind(type.valueProperty().isNotEqualTo(CustomFieldType.CHOICE));
        required.setId("fieldRequired");
        managersOnly.setId("fieldManagersOnly");
        GridPane form = Fx.form();
        row(form, "Name", name, "name");
        row(form, "Label", label, "label");
        row(form, "Type", type, "type");
        row(form, "Choices", choices, "choices");
        Fx.row(form, "", required);
        Fx.row(form, "", managersOnly);
        form.setMaxWidth(760);
        add.setOnAction(e -> declare());
        Label general = error("field-error");
        addErrors.put("", general);

        rename.setOnAction(e -> change(relabelError, f -> {
            String text = Fx.blankToNull(relabel.getText());
            if (text == null) {
                relabelError.setText("Type the new label");
                return;
            }
            ctx.backend
                    .run(d -> d.customFields().relabel(f.entity(), f.name(), text))
                    .then(ok -> changed("Renamed " + f.name() + " to " + text), failedNextTo(relabelError));
        }));
        addChoice.setOnAction(e -> change(choiceError, f -> {
            String text = Fx.blankToNull(newChoice.getText());
            if (text == null) {
                choiceError.setText("Type the choice to add");
                return;
            }
            ctx.backend
                    .run(d -> d.customFields().addChoices(f.entity(), f.name(), List.of(text)))
                    .then(
                            ok -> {
                                newChoice.clear();
                                changed("Added " + text + " to " + f.label());
                            },
                            failedNextTo(choiceError));
        }));
        toggleRequired.setOnAction(e -> change(selectedError, f -> ctx.backend
                .run(d -> d.customFields().setRequired(f.entity(), f.name(), !f.required()))
                .then(
                        ok -> changed(f.label() + (f.required() ? " is optional" : " is required for new records")),
                        failedNextTo(selectedError))));
        toggleRemoved.setOnAction(e -> change(selectedError, f -> ctx.backend
                .run(d -> {
                    if (f.removed()) {
                        d.customFields().restore(f.entity(), f.name());
                    } else {
                        d.customFields().remove(f.entity(), f.name());
                    }
                })
                .then(
                        ok -> changed(
                                f.removed()
                                        ? "Restored " + f.label()
                                        : "Removed " + f.label() + ": hidden, its values are kept"),
                        failedNextTo(selectedError))));
        up.setOnAction(e -> move(-1));
        down.setOnAction(e -> move(1));

        Label intro = new Label("The shop's own fields: they show in the forms and lists of every device."
                + " Removing one hides it and keeps its values.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");
        selectedTitle.getStyleClass().add("section-title");
        selectedTitle.setId("selectedField");
        newTitle.getStyleClass().add("section-title");
        view = new VBox(
                8,
                Fx.bar(Fx.title("Custom fields"), Fx.spacer(), Fx.bar(entityButtons.toArray(Node[]::new))),
                intro,
                table,
                selectedTitle,
                Fx.bar(relabel, rename, relabelError),
                Fx.bar(newChoice, addChoice, choiceError),
                Fx.bar(toggleRequired, up, down, toggleRemoved),
                selectedError,
                newTitle,
                form,
                Fx.bar(add, general));
        VBox.setVgrow(table, Priority.ALWAYS);
        view.getStyleClass().add("pane");
        showSelected(null);
    }

    private static Map<String, String> entityNames() {
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("tickets", "Repairs");
        entities.put("customers", "Customers");
        entities.put("inventoryItems", "Inventory items");
        return entities;
    }

    /** "yesNo" as "Yes/No", for people. */
    static String typeName(CustomFieldType type) {
        return switch (type) {
            case TEXT -> "Text";
            case NUMBER -> "Number";
            case MONEY -> "Money";
            case YES_NO -> "Yes/No";
            case CHOICE -> "Choice";
            case DATE -> "Date";
        };
    }

    private static Label error(String id) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add("reason");
        error.setWrapText(true);
        error.setMaxWidth(420);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // a long refusal wraps instead of being cut
        return error;
    }

    /** A form row with the label that shows a refusal naming this field next to the input. */
    private void row(GridPane form, String caption, Node input, String field) {
        Fx.row(form, caption, input);
        Label error = error(((javafx.scene.control.Control) input).getId() + "-error");
        form.add(error, 2, form.getRowCount() - 1);
        addErrors.put(field, error);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("customFields");
    }

    @Override
    public boolean visibleTo(Access access) {
        return access.editsCustomFields();
    }

    @Override
    public void reload() {
        String of = entity;
        newTitle.setText("New field on " + ENTITIES.get(of).toLowerCase(java.util.Locale.ROOT));
        ctx.backend.call(d -> d.customFields().all(of)).then(all -> {
            if (!of.equals(entity)) {
                return; // another entity was chosen meanwhile
            }
            CustomField chosen = table.getSelectionModel().getSelectedItem();
            List<CustomField> sorted = all.stream()
                    .sorted(java.util.Comparator.comparing(CustomField::removed)
                            .thenComparingLong(CustomField::position)
                            .thenComparing(CustomField::label, String.CASE_INSENSITIVE_ORDER))
                    .toList();
            table.getItems().setAll(sorted);
            if (chosen != null) {
                sorted.stream()
                        .filter(f -> f.name().equals(chosen.name()))
                        .findFirst()
                        .ifPresentOrElse(f -> table.getSelectionModel().select(f), () -> showSelected(null));
            } else {
                showSelected(null);
            }
        });
    }

    private void showSelected(CustomField field) {
        boolean some = field != null;
        selectedTitle.setText(
                some ? "Selected: " + field.label() + " (" + field.name() + ")" : "Select a field to change it");
        List.of(relabel, rename, toggleRequired, toggleRemoved).forEach(n -> n.setDisable(!some));
        boolean choice = some && field.type() == CustomFieldType.CHOICE && !field.removed();
        newChoice.setDisable(!choice);
        addChoice.setDisable(!choice);
        List<CustomField> active = activeShown();
        int at = some ? active.indexOf(field) : -1;
        up.setDisable(at <= 0);
        down.setDisable(at < 0 || at >= active.size() - 1);
        if (some) {
            relabel.setText(field.label());
            toggleRequired.setText(field.required() ? "Make optional" : "Make required");
            toggleRemoved.setText(field.removed() ? "Restore" : "Remove");
            toggleRequired.setDisable(field.removed());
        } else {
            relabel.clear();
        }
        relabelError.setText("");
        choiceError.setText("");
        selectedError.setText("");
    }

    private List<CustomField> activeShown() {
        return table.getItems().stream().filter(f -> !f.removed()).toList();
    }

    /** Runs a change of the selected field, or says to select one. */
    private void change(Label errorLabel, Consumer<CustomField> action) {
        CustomField field = table.getSelectionModel().getSelectedItem();
        relabelError.setText("");
        choiceError.setText("");
        selectedError.setText("");
        if (field == null) {
            errorLabel.setText("Select a field first");
            return;
        }
        action.accept(field);
    }

    private void changed(String notice) {
        ctx.notice(notice);
        reload();
    }

    private Consumer<Throwable> failedNextTo(Label errorLabel) {
        return error -> {
            errorLabel.setText(message(error));
            ctx.failed(error);
        };
    }

    /**
     * Moves the selected field one place up or down among the active ones: the fields are numbered
     * again 10 apart in their new order, and only those whose number changes are written.
     */
    private void move(int by) {
        CustomField field = table.getSelectionModel().getSelectedItem();
        List<CustomField> order = new ArrayList<>(activeShown());
        int at = order.indexOf(field);
        int to = at + by;
        if (field == null || at < 0 || to < 0 || to >= order.size()) {
            return;
        }
        order.remove(at);
        order.add(to, field);
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).position() != (i + 1) * 10L) {
                positions.put(order.get(i).name(), (i + 1) * 10);
            }
        }
        String of = entity;
        ctx.backend
                .run(d -> positions.forEach((n, position) -> d.customFields().move(of, n, position)))
                .then(
                        ok -> changed("Moved " + field.label() + (by < 0 ? " up" : " down")),
                        failedNextTo(selectedError));
    }

    private void declare() {
        clearAddErrors();
        String fieldName = Fx.text(name.getText()).trim();
        String fieldLabel = Fx.blankToNull(label.getText());
        CustomFieldType fieldType = type.getValue();
        List<String> fieldChoices =
                fieldType == CustomFieldType.CHOICE ? CustomField.choiceLines(choices.getText()) : List.of();
        if (fieldName.isEmpty()) {
            addErrors.get("name").setText("Give the field a name, such as accessories");
            return;
        }
        NewCustomField field = NewCustomField.of(entity, fieldName, fieldType)
                .label(fieldLabel == null ? fieldName : fieldLabel)
                .choices(fieldChoices)
                .required(required.isSelected());
        if (managersOnly.isSelected()) {
            field = field.managersOnly();
        }
        NewCustomField declared = field;
        ctx.backend
                .call(d -> d.customFields().declare(declared))
                .then(
                        created -> {
                            ctx.notice("Added " + created.label() + " to "
                                    + ENTITIES.get(created.entity()).toLowerCase(java.util.Locale.ROOT));
                            List.of(name, label).forEach(TextField::clear);
                            choices.clear();
                            required.setSelected(false);
                            managersOnly.setSelected(false);
                            type.setValue(CustomFieldType.TEXT);
                            reload();
                        },
                        error -> {
                            String named = error instanceof InvalidRecordException invalid && invalid.field() != null
                                    ? invalid.field()
                                    : "";
                            addErrors
                                    .getOrDefault(formField(named), addErrors.get(""))
                                    .setText(message(error));
                            ctx.failed(error);
                        });
    }

    /** The form's input a refusal names: "recordId" (derived from the name) is the name's. */
    private static String formField(String field) {
        return "recordId".equals(field) ? "name" : field;
    }

    private void clearAddErrors() {
        addErrors.values().forEach(l -> l.setText(""));
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
