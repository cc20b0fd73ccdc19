package com.repairsync.desk.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A record's {@link HistoryPanel} in a window of its own, for the screens whose records have no
 * detail view (inventory, appointments, employees): their "History" button opens it for the
 * selected row.
 */
final class HistoryWindow {
    private HistoryWindow() {}

    /**
     * Opens the history of a typed record of the entity (the selected row of {@code from}'s screen);
     * without one, asks for a selection.
     */
    static void open(DeskContext ctx, Node from, String entity, Object record) {
        if (record == null) {
            ctx.notice("Select a row first");
            return;
        }
        DeskRecords.Line line = DeskRecords.line(entity, record);
        Window owner = from.getScene() == null ? null : from.getScene().getWindow();
        open(ctx, owner, entity, line.id(), DeskRecords.singular(entity) + " " + line.summary());
    }

    /**
     * Opens the history of one record.
     *
     * @param what the record as people know it, for the title ("inventory item SCR-PX8 · Pixel 8 screen")
     */
    static void open(DeskContext ctx, Window owner, String entity, String id, String what) {
        HistoryPanel panel = new HistoryPanel(ctx);
        ScrollPane body = new ScrollPane(panel.view());
        body.setFitToWidth(true);
        Stage stage = new Stage();
        Button close = Fx.button("Close", "historyClose");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        BorderPane root = new BorderPane(body);
        root.setTop(Fx.title("History of " + what));
        root.setBottom(Fx.bar(Fx.spacer(), close));
        root.getStyleClass().add("pane");
        root.setId("historyWindow");
        root.setPrefSize(720, 520);
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            stage.initOwner(owner);
        }
        stage.setTitle("History \u2014 RepairSync Desk");
        stage.setScene(scene);
        stage.show();
        panel.show(entity, id);
    }
}
