package com.repairsync.desk.ui;

import com.repairsync.protocol.schema.CustomField;
import java.util.List;
import java.util.function.BiFunction;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * A list's columns for the shop's custom fields: one per active field the acting role sees, after
 * the built-in columns, titled by the field's label. They are replaced only when the declarations
 * change, so a live reload keeps the column widths someone set.
 *
 * @param <T> the list's record type
 */
final class CustomFieldColumns<T> {
    private static final String MARK = "custom-field-column";
    private final TableView<T> table;
    private final BiFunction<T, String, Object> value;
    private List<CustomField> shown = List.of();

    /** @param value a record's value of a custom field, by the field's name */
    CustomFieldColumns(TableView<T> table, BiFunction<T, String, Object> value) {
        this.table = table;
        this.value = value;
    }

    /** Shows a column for each of these fields (in their order) and none for any other. */
    void show(List<CustomField> fields) {
        if (fields.equals(shown)) {
            return;
        }
        shown = List.copyOf(fields);
        table.getColumns().removeIf(c -> c.getStyleClass().contains(MARK));
        // With columns of its own the list squeezes every column to its width rather than hiding
        // the shop's fields behind a scroll bar; without, it keeps the widths it always had.
        table.setColumnResizePolicy(
                shown.isEmpty()
                        ? TableView.UNCONSTRAINED_RESIZE_POLICY
                        : TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        for (CustomField field : shown) {
            TableColumn<T, String> column = Fx.column(
                    field.label(), 110, row -> CustomFieldInputs.display(field, value.apply(row, field.name())));
            column.getStyleClass().add(MARK);
            column.setId("column-custom-" + field.name());
            table.getColumns().add(column);
        }
    }
}
