package com.repairsync.desk.ui;

import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Recently deleted records of every entity, as this desk holds them (with their last values),
 * newest deletion first per entity; "Undelete" brings the selected one back as an ordinary change
 * that syncs. Shown to roles that may delete something; the button says when the acting role may
 * not delete (so not bring back) the selected record's entity.
 */
final class DeletedScreen implements Screen {
    private final DeskContext ctx;
    private final TableView<DeskRecords.Line> table = new TableView<>();
    private final Button undelete = Fx.button("Undelete", "undelete");
    private final Button history = Fx.button("History", "deletedHistory");
    private final Label reason = Fx.reasonLabel();
    private final VBox view;

    DeletedScreen(DeskContext ctx) {
        this.ctx = ctx;
        table.setId("deletedTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(DeskRecords.Line::status),
                        Fx.column("What", 130, line -> Fx.label(DeskRecords.singular(line.entity()))),
                        Fx.column("Record", 420, DeskRecords.Line::summary)));
        table.setPlaceholder(new Label("Nothing deleted on this desk's copy of the shop"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> guard(ctx.access()));
        undelete.setOnAction(e -> undelete());
        history.setOnAction(e -> {
            DeskRecords.Line line = table.getSelectionModel().getSelectedItem();
            if (line == null) {
                ctx.notice("Select a deleted record first");
            } else {
                HistoryWindow.open(
                        ctx,
                        table.getScene().getWindow(),
                        line.entity(),
                        line.id(),
                        DeskRecords.singular(line.entity()) + " " + line.summary());
            }
        });
        Label hint = new Label("Records deleted here or elsewhere, with the values they had. Undelete brings one"
                + " back for everyone; a later delete elsewhere still wins.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        view = new VBox(8, Fx.title("Recently deleted"), hint, table, Fx.bar(undelete, history), reason);
        VBox.setVgrow(table, Priority.ALWAYS);
        view.getStyleClass().add("pane");
        guard(ctx.access());
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.copyOf(DeskRecords.ENTITIES);
    }

    @Override
    public boolean visibleTo(Access access) {
        return access.mayDeleteAny();
    }

    @Override
    public void reload() {
        DeskRecords.Line chosen = table.getSelectionModel().getSelectedItem();
        ctx.backend
                .call(d -> {
                    List<DeskRecords.Line> lines = new ArrayList<>();
                    for (String entity : DeskRecords.ENTITIES) {
                        DeskRecords.of(d, entity).deleted().forEach(r -> lines.add(DeskRecords.line(entity, r)));
                    }
                    return lines;
                })
                .then(
                        lines -> {
                            table.getItems().setAll(lines);
                            if (chosen != null) {
                                lines.stream()
                                        .filter(l -> l.id().equals(chosen.id()))
                                        .findFirst()
                                        .ifPresent(
                                                l -> table.getSelectionModel().select(l));
                            }
                            guard(ctx.access());
                        },
                        ctx::failed);
    }

    @Override
    public void accessChanged(Access access) {
        guard(access);
    }

    private void guard(Access access) {
        DeskRecords.Line line = table.getSelectionModel().getSelectedItem();
        Optional<String> denial = line == null ? Optional.empty() : access.denial(line.entity(), Action.DELETE);
        Fx.guard(undelete, reason, denial);
        undelete.setDisable(line == null || denial.isPresent());
    }

    private void undelete() {
        DeskRecords.Line line = table.getSelectionModel().getSelectedItem();
        if (line == null) {
            ctx.notice("Select a deleted record first");
            return;
        }
        ctx.backend
                .run(d -> DeskRecords.of(d, line.entity()).undelete(line.id()))
                .then(
                        ok -> {
                            ctx.notice("Brought back " + DeskRecords.singular(line.entity()) + " " + line.summary());
                            reload();
                        },
                        ctx::failed);
    }
}
