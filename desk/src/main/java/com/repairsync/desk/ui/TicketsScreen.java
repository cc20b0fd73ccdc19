package com.repairsync.desk.ui;

import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.client.records.Ticket;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.CustomField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Repairs as a board by status or as a list, filtered by assignee; a click opens one. */
final class TicketsScreen implements Screen {
    static final List<String> BOARD = List.of("checked_in", "diagnosing", "awaiting_parts", "in_repair", "ready");
    private static final Employee EVERYONE =
            new Employee("*", "Everyone", null, null, null, null, null, true, null, null, null);
    private static final Employee UNASSIGNED =
            new Employee("-", "Unassigned", null, null, null, null, null, true, null, null, null);

    private final DeskContext ctx;
    private final ToggleButton boardToggle = new ToggleButton("Board");
    private final ToggleButton listToggle = new ToggleButton("List");
    private final ComboBox<Employee> assignee = new ComboBox<>();
    private final HBox board = new HBox(10);
    private final TableView<Ticket> list = new TableView<>();
    private final CustomFieldColumns<Ticket> customColumns =
            new CustomFieldColumns<>(list, (t, name) -> t.custom().get(name));
    private final StackPane body = new StackPane();
    private final TicketDetail detail;
    private final VBox overview;
    private final StackPane view;
    private Map<String, Customer> customers = Map.of();
    private Map<String, Employee> employees = Map.of();
    private List<CustomField> fields = List.of();

    TicketsScreen(DeskContext ctx) {
        this.ctx = ctx;
        this.detail = new TicketDetail(ctx, this::closeDetail);
        ToggleGroup mode = new ToggleGroup();
        boardToggle.setToggleGroup(mode);
        listToggle.setToggleGroup(mode);
        boardToggle.setId("ticketsBoard");
        listToggle.setId("ticketsList");
        boardToggle.setSelected(true);
        mode.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            }
            board.getParent().setVisible(boardToggle.isSelected());
            list.setVisible(listToggle.isSelected());
        });
        assignee.setId("ticketAssigneeFilter");
        assignee.setConverter(TicketDetail.names());
        assignee.getItems().setAll(EVERYONE, UNASSIGNED);
        assignee.setValue(EVERYONE);
        assignee.setOnAction(e -> reload());

        list.setId("ticketTable");
        list.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(Ticket::syncStatus),
                        Fx.column("Customer", 150, t -> customerName(t.customerId())),
                        Fx.column("Device", 150, t -> t.deviceType() + " " + Fx.text(t.deviceModel())),
                        Fx.column("Problem", 200, Ticket::problem),
                        Fx.column("Status", 110, t -> Fx.label(t.status())),
                        Fx.column("Priority", 70, t -> Fx.label(t.priority())),
                        Fx.column("Assigned", 110, t -> employeeName(t.assignedEmployeeId())),
                        Fx.column("Estimate", 80, t -> Fx.money(t.estimateCents()))));
        list.setPlaceholder(new Label("No repairs"));
        list.setOnMouseClicked(e -> {
            Ticket t = list.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && t != null) {
                open(t.id());
            }
        });
        list.setVisible(false);
        ScrollPane boardScroll = new ScrollPane(board);
        boardScroll.setFitToHeight(true);
        board.getStyleClass().add("board");
        body.getChildren().addAll(boardScroll, list);
        overview = new VBox(
                8,
                Fx.bar(Fx.title("Repairs"), Fx.spacer(), new Label("Assigned to"), assignee, boardToggle, listToggle),
                body);
        VBox.setVgrow(body, Priority.ALWAYS);
        overview.getStyleClass().add("pane");
        ScrollPane detailScroll = new ScrollPane(detail.view());
        detailScroll.setFitToWidth(true);
        view = new StackPane(overview, detailScroll);
        detailScroll.setVisible(false);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of(
                "tickets", "customers", "employees", "ticketParts", "inventoryItems", "attachments", "customFields");
    }

    /** Opens a repair's detail. */
    void open(String ticketId) {
        overview.setVisible(false);
        view.getChildren().get(1).setVisible(true);
        detail.show(ticketId);
    }

    private void closeDetail() {
        view.getChildren().get(1).setVisible(false);
        overview.setVisible(true);
        reload();
    }

    @Override
    public void reload() {
        if (view.getChildren().get(1).isVisible() && detail.ticketId() != null) {
            detail.show(detail.ticketId());
        }
        Employee filter = assignee.getValue();
        ctx.backend
                .call(d -> new Loaded(
                        filter == null || filter == EVERYONE || filter == UNASSIGNED
                                ? d.tickets().all()
                                : d.tickets().assignedTo(filter.id()),
                        d.customers().all(),
                        d.employees().active(),
                        d.customFields().active("tickets")))
                .then(loaded -> render(loaded, filter));
    }

    private record Loaded(
            List<Ticket> tickets, List<Customer> customers, List<Employee> employees, List<CustomField> fields) {}

    private void render(Loaded loaded, Employee filter) {
        customers = new HashMap<>();
        loaded.customers().forEach(c -> customers.put(c.id(), c));
        employees = new HashMap<>();
        loaded.employees().forEach(e -> employees.put(e.id(), e));
        fields = CustomFieldInputs.visible(loaded.fields(), ctx.access().role());
        customColumns.show(fields);
        List<Employee> choices = new ArrayList<>(List.of(EVERYONE, UNASSIGNED));
        choices.addAll(loaded.employees());
        if (!assignee.getItems().equals(choices)) {
            assignee.getItems().setAll(choices);
            assignee.setValue(choices.stream()
                    .filter(e -> filter != null && e.id().equals(filter.id()))
                    .findFirst()
                    .orElse(EVERYONE));
        }
        List<Ticket> shown = loaded.tickets().stream()
                .filter(t -> filter != UNASSIGNED || t.assignedEmployeeId() == null)
                .sorted(java.util.Comparator.comparing(
                        Ticket::createdAt, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())))
                .toList();
        list.getItems().setAll(shown);
        board.getChildren().clear();
        for (String status : BOARD) {
            VBox column = new VBox(6);
            column.getStyleClass().add("board-column");
            column.setId("column-" + status);
            List<Ticket> inColumn =
                    shown.stream().filter(t -> status.equals(t.status())).toList();
            Label header = new Label(Fx.label(status) + "  " + inColumn.size());
            header.getStyleClass().add("board-header");
            column.getChildren().add(header);
            inColumn.forEach(t -> column.getChildren().add(card(t)));
            board.getChildren().add(column);
        }
    }

    private Node card(Ticket ticket) {
        Label customer = new Label(customerName(ticket.customerId()));
        customer.getStyleClass().add("card-title");
        Label device = new Label(ticket.deviceType() + " " + Fx.text(ticket.deviceModel()));
        Label problem = new Label(ticket.problem());
        problem.setWrapText(true);
        Label meta = new Label(Fx.label(ticket.priority()) + " \u00b7 " + employeeName(ticket.assignedEmployeeId()));
        meta.getStyleClass().add("muted");
        VBox card = new VBox(3, Fx.bar(Fx.statusIcon(ticket.syncStatus()), customer), device, problem, meta);
        String custom = customLine(ticket);
        if (!custom.isEmpty()) {
            Label more = new Label(custom);
            more.getStyleClass().addAll("muted", "card-custom");
            more.setWrapText(true);
            card.getChildren().add(more);
        }
        card.getStyleClass().addAll("card", "priority-" + ticket.priority());
        card.setUserData(ticket.id());
        card.setOnMouseClicked(e -> open(ticket.id()));
        return card;
    }

    /** The repair's custom values on a card: "Accessories left: charger, case · Water damage: Yes". */
    private String customLine(Ticket ticket) {
        return fields.stream()
                .filter(f -> ticket.custom().get(f.name()) != null)
                .map(f -> f.label() + ": "
                        + CustomFieldInputs.display(f, ticket.custom().get(f.name())))
                .collect(java.util.stream.Collectors.joining(" \u00b7 "));
    }

    private String customerName(String id) {
        Customer c = customers.get(id);
        return c == null ? "?" : (c.firstName() + " " + Fx.text(c.lastName())).trim();
    }

    private String employeeName(String id) {
        Employee e = id == null ? null : employees.get(id);
        return e == null ? "Unassigned" : e.firstName();
    }

    @Override
    public void accessChanged(Access access) {
        detail.accessChanged(access);
    }
}
