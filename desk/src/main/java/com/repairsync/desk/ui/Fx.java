package com.repairsync.desk.ui;

import com.repairsync.client.SyncStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/** Small building blocks shared by the screens: columns, status icons, money, guarded buttons. */
final class Fx {
    private Fx() {}

    /** A coloured dot for a record's sync status, with its name as tooltip and accessible text. */
    static Label statusIcon(SyncStatus status) {
        SyncStatus shown = status == null ? SyncStatus.SYNCED : status;
        String name = shown.name().toLowerCase(java.util.Locale.ROOT);
        Circle dot = new Circle(5);
        dot.getStyleClass().addAll("sync-dot", "sync-" + name);
        Label icon = new Label(null, dot);
        icon.getStyleClass().addAll("sync-icon", "sync-" + name);
        icon.setAccessibleText(name);
        icon.setUserData(shown);
        icon.setTooltip(new Tooltip(describe(shown)));
        return icon;
    }

    static String describe(SyncStatus status) {
        return switch (status) {
            case SYNCED -> "Synced: the server has this";
            case PENDING -> "Pending: saved here, waiting to sync";
            case FAILED -> "Failed: the server refused a change; see Needs attention";
        };
    }

    static <T> TableColumn<T, SyncStatus> statusColumn(Function<T, SyncStatus> status) {
        TableColumn<T, SyncStatus> column = new TableColumn<>("");
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(status.apply(row.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(SyncStatus item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty ? null : statusIcon(item));
            }
        });
        column.setPrefWidth(34);
        column.setMaxWidth(34);
        column.setSortable(false);
        return column;
    }

    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    static String money(Long cents) {
        return cents == null ? "" : "$" + BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /** Parses "12.50" or "$12.50" to cents; blank is null. */
    static Long cents(String text) {
        String clean =
                text == null ? "" : text.replace("$", "").replace(",", "").trim();
        if (clean.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(clean)
                    .setScale(2, RoundingMode.HALF_UP)
                    .movePointRight(2)
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not an amount of money: " + text);
        }
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String label(String wire) {
        if (wire == null) {
            return "";
        }
        String spaced = wire.replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** Shows wire values such as "awaiting_parts" as "Awaiting parts" in a choice box. */
    static javafx.util.StringConverter<String> wireNames() {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(String wire) {
                return label(wire);
            }

            @Override
            public String fromString(String text) {
                return text == null
                        ? null
                        : text.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
            }
        };
    }

    /** Disables a control the acting role may not use and says why, next to it and as a tooltip. */
    static void guard(Control control, Label reason, Optional<String> denial) {
        control.setDisable(denial.isPresent());
        reason.setText(denial.map(d -> "Not allowed: " + d).orElse(""));
        reason.setVisible(denial.isPresent());
        reason.setManaged(denial.isPresent());
        control.setTooltip(denial.map(Tooltip::new).orElse(null));
    }

    static Label reasonLabel() {
        Label reason = new Label();
        reason.getStyleClass().add("denial");
        reason.setWrapText(true);
        reason.setVisible(false);
        reason.setManaged(false);
        return reason;
    }

    static Button button(String text, String id) {
        Button button = new Button(text);
        button.setId(id);
        return button;
    }

    static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        return field;
    }

    static GridPane form() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("form");
        grid.setHgap(8);
        grid.setVgap(6);
        return grid;
    }

    static void row(GridPane grid, String label, Node field) {
        int row = grid.getRowCount();
        Label caption = new Label(label);
        caption.getStyleClass().add("caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(caption, 0, row);
        grid.add(field, 1, row);
        GridPane.setHgrow(field, Priority.ALWAYS);
    }

    static HBox bar(Node... nodes) {
        HBox bar = new HBox(8, nodes);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return bar;
    }

    static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("screen-title");
        return title;
    }
}
