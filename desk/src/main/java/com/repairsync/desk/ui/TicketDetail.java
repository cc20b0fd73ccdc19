package com.repairsync.desk.ui;

import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.records.Ticket;
import com.repairsync.client.records.TicketPart;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.CustomField;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** One repair: its status workflow, its details and prices, the parts used from stock, and its history. */
final class TicketDetail {
    /** Where a ticket may go from each status, in the order a repair usually takes. */
    static final Map<String, List<String>> NEXT = Map.of(
            "checked_in", List.of("diagnosing", "cancelled"),
            "diagnosing", List.of("awaiting_parts", "in_repair", "cancelled"),
            "awaiting_parts", List.of("in_repair", "cancelled"),
            "in_repair", List.of("ready", "awaiting_parts"),
            "ready", List.of("picked_up", "in_repair"),
            "picked_up", List.of(),
            "cancelled", List.of("checked_in"));

    private final DeskContext ctx;
    private final Label title = Fx.title("");
    private final HBox statusIcon = new HBox();
    private final Label status = new Label();
    private final HBox workflow = new HBox(6);
    private final Label workflowReason = Fx.reasonLabel();
    private final ComboBox<String> priority = new ComboBox<>();
    private final ComboBox<Employee> assignee = new ComboBox<>();
    private final TextField estimate = Fx.field("ticketEstimateEdit", "0.00");
    private final TextField finalPrice = Fx.field("ticketFinalPrice", "0.00");
    private final DatePicker due = new DatePicker();
    private final TextArea notes = new TextArea();
    private final CustomFieldInputs custom = new CustomFieldInputs("ticketCustomEdit").maxWidth(640);
    private final Button save = Fx.button("Save repair", "saveTicket");
    private final Label saveReason = Fx.reasonLabel();
    private final TableView<TicketPart> parts = new TableView<>();
    private final ComboBox<InventoryItem> part = new ComboBox<>();
    private final Spinner<Integer> quantity = new Spinner<>(1, 100, 1);
    private final Button usePart = Fx.button("Use part", "usePart");
    private final Label partReason = Fx.reasonLabel();
    private final Label totals = new Label();
    private final AttachmentGallery gallery;
    private final HistoryPanel history;
    private final VBox view;
    private Ticket ticket;
    private Map<String, InventoryItem> items = Map.of();

    TicketDetail(DeskContext ctx, Runnable back) {
        this.ctx = ctx;
        this.gallery = new AttachmentGallery(ctx);
        this.history = new HistoryPanel(ctx);
        Button backButton = Fx.button("\u2190 All repairs", "ticketBack");
        backButton.setOnAction(e -> back.run());
        statusIcon.setId("ticketStatusIcon");
        status.getStyleClass().add("status-chip");
        status.setId("ticketStatus");
        priority.getItems().addAll("low", "normal", "high", "urgent");
        priority.setId("ticketPriority");
        priority.setConverter(Fx.wireNames());
        assignee.setId("ticketAssignee");
        assignee.setConverter(names());
        notes.setId("ticketNotes");
        notes.setPrefRowCount(3);
        GridPane form = Fx.form();
        Fx.row(form, "Priority", priority);
        Fx.row(form, "Assigned to", assignee);
        Fx.row(form, "Estimate", estimate);
        Fx.row(form, "Final price", finalPrice);
        Fx.row(form, "Due", due);
        Fx.row(form, "Notes", notes);
        form.setMaxWidth(640);
        save.setOnAction(e -> save());

        parts.setId("ticketParts");
        parts.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(TicketPart::syncStatus),
                        Fx.column("Part", 220, p -> Optional.ofNullable(items.get(p.inventoryItemId()))
                                .map(i -> i.sku() + " " + i.name())
                                .orElse("(item not on this device)")),
                        Fx.column("Qty", 50, p -> String.valueOf(p.quantity())),
                        Fx.column("Unit price", 90, p -> Fx.money(p.unitPriceCents())),
                        Fx.column(
                                "Total",
                                90,
                                p -> Fx.money(p.unitPriceCents() == null ? null : p.unitPriceCents() * p.quantity()))));
        parts.setPrefHeight(140);
        parts.setPlaceholder(new Label("No parts used yet"));
        part.setId("partItem");
        part.setPromptText("Part from inventory");
        part.setConverter(new StringConverter<>() {
            @Override
            public String toString(InventoryItem item) {
                return item == null
                        ? ""
                        : item.sku() + " " + item.name() + " (" + item.quantity() + " in stock, "
                                + Fx.money(item.priceCents()) + ")";
            }

            @Override
            public InventoryItem fromString(String text) {
                return null;
            }
        });
        quantity.setPrefWidth(80);
        quantity.setId("partQuantity");
        usePart.setOnAction(e -> usePart());
        totals.getStyleClass().add("totals");
        totals.setId("ticketTotals");

        view = new VBox(
                10,
                Fx.bar(backButton, statusIcon, title, Fx.spacer(), new Label("Status:"), status),
                Fx.bar(new Label("Move to:"), workflow),
                workflowReason,
                form,
                custom.view(),
                Fx.bar(save),
                saveReason,
                new Label("Parts used"),
                parts,
                Fx.bar(part, quantity, usePart),
                partReason,
                totals,
                gallery.view(),
                history.view());
        view.getStyleClass().add("pane");
    }

    Node view() {
        return view;
    }

    String ticketId() {
        return ticket == null ? null : ticket.id();
    }

    /** Loads the ticket with its customer, parts, the employees and the stock. */
    void show(String ticketId) {
        ctx.backend
                .call(d -> new Loaded(
                        d.tickets().get(ticketId).orElse(null),
                        d.tickets()
                                .get(ticketId)
                                .map(t -> d.customers().get(t.customerId()).orElse(null))
                                .orElse(null),
                        d.ticketParts().ofTicket(ticketId),
                        d.employees().active(),
                        d.inventoryItems().all(),
                        d.customFields().active("tickets")))
                .then(this::render, ctx::failed);
        gallery.show(ticketId);
        history.show("tickets", ticketId);
    }

    private record Loaded(
            Ticket ticket,
            Customer customer,
            List<TicketPart> parts,
            List<Employee> employees,
            List<InventoryItem> items,
            List<CustomField> fields) {}

    private void render(Loaded loaded) {
        Ticket before = ticket;
        ticket = loaded.ticket();
        if (ticket == null) {
            title.setText("This repair was deleted");
            return;
        }
        items = new HashMap<>();
        loaded.items().forEach(i -> items.put(i.id(), i));
        String who = loaded.customer() == null
                ? "?"
                : loaded.customer().firstName() + " "
                        + Fx.text(loaded.customer().lastName());
        title.setText(who.trim() + " \u2014 " + ticket.deviceType() + " " + Fx.text(ticket.deviceModel()) + ": "
                + ticket.problem());
        statusIcon.getChildren().setAll(Fx.statusIcon(ticket.syncStatus()));
        status.setText(Fx.label(ticket.status()));
        if (before == null
                || !before.id().equals(ticket.id())
                || !before.status().equals(ticket.status())) {
            showWorkflow();
        }
        boolean newFields = custom.fields(
                CustomFieldInputs.visible(loaded.fields(), ctx.access().role()));
        if (before == null || !before.id().equals(ticket.id()) || !sameEditableFields(before, ticket)) {
            // Refill the form only when the repair itself changed, so a live reload (a sync, a
            // part used elsewhere) never throws away what someone is typing.
            fillForm(loaded.employees());
        } else if (newFields) {
            Ticket shown = ticket; // the shop's fields changed: the new inputs show the repair's values
            custom.fill(name -> shown.custom().get(name));
        }
        parts.getItems().setAll(loaded.parts());
        InventoryItem chosen = part.getValue();
        part.getItems().setAll(loaded.items());
        if (chosen != null) {
            loaded.items().stream()
                    .filter(i -> i.id().equals(chosen.id()))
                    .findFirst()
                    .ifPresent(part::setValue);
        }
        long partsTotal = loaded.parts().stream()
                .mapToLong(p -> p.unitPriceCents() == null ? 0 : p.unitPriceCents() * p.quantity())
                .sum();
        totals.setText("Parts " + Fx.money(partsTotal) + "   Estimate " + orDash(ticket.estimateCents())
                + "   Final price " + orDash(ticket.finalPriceCents()));
        accessChanged(ctx.access());
    }

    private void showWorkflow() {
        workflow.getChildren().clear();
        for (String next : NEXT.getOrDefault(ticket.status(), List.of())) {
            Button move = Fx.button(Fx.label(next), "move-" + next);
            move.setOnAction(e -> update(Map.of("status", next), "Moved to " + Fx.label(next)));
            workflow.getChildren().add(move);
        }
    }

    private void fillForm(List<Employee> employees) {
        priority.setValue(ticket.priority());
        assignee.getItems().setAll(employees);
        assignee.setValue(employees.stream()
                .filter(e -> e.id().equals(ticket.assignedEmployeeId()))
                .findFirst()
                .orElse(null));
        estimate.setText(Fx.money(ticket.estimateCents()).replace("$", ""));
        finalPrice.setText(Fx.money(ticket.finalPriceCents()).replace("$", ""));
        due.setValue(ticket.dueAt() == null ? null : LocalDate.ofInstant(ticket.dueAt(), ZoneId.systemDefault()));
        notes.setText(Fx.text(ticket.notes()));
        Ticket shown = ticket;
        custom.fill(name -> shown.custom().get(name));
    }

    private static boolean sameEditableFields(Ticket a, Ticket b) {
        return java.util.Objects.equals(a.priority(), b.priority())
                && java.util.Objects.equals(a.assignedEmployeeId(), b.assignedEmployeeId())
                && java.util.Objects.equals(a.estimateCents(), b.estimateCents())
                && java.util.Objects.equals(a.finalPriceCents(), b.finalPriceCents())
                && java.util.Objects.equals(a.dueAt(), b.dueAt())
                && java.util.Objects.equals(a.notes(), b.notes())
                && a.custom().equals(b.custom());
    }

    private static String orDash(Long cents) {
        return cents == null ? "\u2014" : Fx.money(cents);
    }

    void accessChanged(Access access) {
        Optional<String> update = access.denial("tickets", Action.UPDATE);
        Fx.guard(save, saveReason, update);
        workflow.getChildren().forEach(n -> n.setDisable(update.isPresent()));
        workflowReason.setText(update.map(d -> "Not allowed: " + d).orElse(""));
        Fx.guard(usePart, partReason, access.denial("ticketParts", Action.CREATE));
        gallery.accessChanged(access);
    }

    private void save() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("priority", priority.getValue());
        fields.put(
                "assignedEmployeeId",
                assignee.getValue() == null ? null : assignee.getValue().id());
        fields.put("notes", Fx.blankToNull(notes.getText()));
        fields.put(
                "dueAt",
                due.getValue() == null
                        ? null
                        : due.getValue()
                                .atTime(17, 0)
                                .atZone(ZoneId.systemDefault())
                                .toInstant());
        Ticket editing = ticket;
        try {
            fields.put("estimateCents", Fx.cents(estimate.getText()));
            fields.put("finalPriceCents", Fx.cents(finalPrice.getText()));
            Map<String, Object> customChanged =
                    custom.changedFrom(name -> editing.custom().get(name));
            if (!customChanged.isEmpty()) {
                fields.put("custom", customChanged);
            }
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        update(fields, "Repair saved");
    }

    private void update(Map<String, Object> fields, String done) {
        String id = ticket.id();
        ctx.backend
                .run(d -> d.tickets().update(id, fields))
                .then(
                        ok -> {
                            ctx.notice(done);
                            show(id);
                        },
                        error -> {
                            custom.showError(error);
                            ctx.failed(error);
                        });
    }

    private void usePart() {
        InventoryItem item = part.getValue();
        if (item == null) {
            ctx.notice("Pick a part first");
            return;
        }
        String id = ticket.id();
        long count = quantity.getValue();
        ctx.backend
                .call(d -> d.tickets().addPart(id, item.id(), count, item.priceCents()))
                .then(
                        partId -> {
                            ctx.notice("Used " + count + " \u00d7 " + item.name() + " from stock");
                            show(id);
                        },
                        ctx::failed);
    }

    static StringConverter<Employee> names() {
        return new StringConverter<>() {
            @Override
            public String toString(Employee e) {
                return e == null ? "" : e.firstName() + " " + Fx.text(e.lastName());
            }

            @Override
            public Employee fromString(String text) {
                return null;
            }
        };
    }
}
