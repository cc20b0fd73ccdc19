package com.repairsync.desk.ui;

import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Ticket;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.CustomField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Customers: search, create and edit one, see their tickets and check in a new one, read a
 * customer's history, and (admins) erase one.
 */
final class CustomersScreen implements Screen {
    private final DeskContext ctx;
    private final TextField search = Fx.field("customerSearch", "Search name or phone");
    private final TableView<Customer> table = new TableView<>();
    private final TextField firstName = Fx.field("customerFirstName", "First name");
    private final TextField lastName = Fx.field("customerLastName", "Last name");
    private final TextField phone = Fx.field("customerPhone", "Phone");
    private final TextField email = Fx.field("customerEmail", "E-mail");
    private final TextField address = Fx.field("customerAddress", "Address");
    private final TextArea notes = new TextArea();
    private final CustomFieldInputs customerCustom = new CustomFieldInputs("customerCustom");
    private final CustomFieldColumns<Customer> customColumns =
            new CustomFieldColumns<>(table, (c, name) -> c.custom().get(name));
    private final Label formTitle = Fx.title("New customer");
    private final HBox formStatus = new HBox();
    private final Button save = Fx.button("Save customer", "saveCustomer");
    private final Label saveReason = Fx.reasonLabel();
    private final TableView<Ticket> tickets = new TableView<>();
    private final ComboBox<String> deviceType = new ComboBox<>();
    private final TextField model = Fx.field("ticketModel", "Model, e.g. Pixel 8");
    private final TextField problem = Fx.field("ticketProblem", "Problem");
    private final TextField estimate = Fx.field("ticketEstimate", "Estimate, e.g. 129.00");
    private final CustomFieldInputs ticketCustom = new CustomFieldInputs("ticketCustom");
    private final Button createTicket = Fx.button("Check in repair", "createTicket");
    private final Label ticketReason = Fx.reasonLabel();
    private final CheckInAttachments checkInFiles = new CheckInAttachments();
    private final Button erase = Fx.button("Erase customer\u2026", "eraseCustomer");
    private final Label erasure = new Label();
    private final HistoryPanel history;
    private final SplitPane view;
    private Customer selected;
    private String erasureOf;
    private String selectAfterReload;
    private boolean reloading;

    CustomersScreen(DeskContext ctx) {
        this.ctx = ctx;
        this.history = new HistoryPanel(ctx);
        table.setId("customerTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(Customer::syncStatus),
                        Fx.column("Name", 190, c -> c.firstName() + (c.lastName() == null ? "" : " " + c.lastName())),
                        Fx.column("Phone", 120, Customer::phone),
                        Fx.column("E-mail", 180, Customer::email)));
        table.setPlaceholder(new Label("No customers yet"));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!reloading) {
                show(now);
            }
        });
        search.textProperty().addListener((o, was, now) -> reload());
        VBox left = new VBox(8, Fx.title("Customers"), search, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.getStyleClass().add("pane");

        notes.setId("customerNotes");
        notes.setPrefRowCount(2);
        GridPane form = Fx.form();
        Fx.row(form, "First name", firstName);
        Fx.row(form, "Last name", lastName);
        Fx.row(form, "Phone", phone);
        Fx.row(form, "E-mail", email);
        Fx.row(form, "Address", address);
        Fx.row(form, "Notes", notes);
        Button clear = Fx.button("New customer", "newCustomer");
        clear.setOnAction(e -> table.getSelectionModel().clearSelection());
        save.setOnAction(e -> save());
        save.setDefaultButton(true);
        erase.getStyleClass().add("danger");
        erase.setOnAction(e -> {
            Customer target = selected;
            if (target != null) {
                CustomerErasure.confirm(ctx, erase.getScene().getWindow(), target, result -> {
                    erasureOf = target.id();
                    erasure.setText(result);
                });
            }
        });
        erasure.setId("erasureResult");
        erasure.setWrapText(true);
        erasure.visibleProperty().bind(erasure.textProperty().isNotEmpty());
        erasure.managedProperty().bind(erasure.visibleProperty()); // takes no room until there is a result

        tickets.setId("customerTickets");
        tickets.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(Ticket::syncStatus),
                        Fx.column("Device", 150, t -> t.deviceType() + " " + Fx.text(t.deviceModel())),
                        Fx.column("Problem", 170, Ticket::problem),
                        Fx.column("Status", 110, t -> Fx.label(t.status()))));
        tickets.setPrefHeight(150);
        tickets.setPlaceholder(new Label("No repairs yet"));
        tickets.setOnMouseClicked(e -> {
            Ticket ticket = tickets.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && ticket != null) {
                ctx.openTicket(ticket.id());
            }
        });
        deviceType.setId("ticketDeviceType");
        deviceType.getItems().addAll("phone", "laptop", "tablet", "console", "other");
        deviceType.setValue("phone");
        deviceType.setEditable(true);
        createTicket.setOnAction(e -> createTicket());
        GridPane ticketForm = Fx.form();
        Fx.row(ticketForm, "Device", Fx.bar(deviceType, model));
        HBox.setHgrow(model, Priority.ALWAYS);
        Fx.row(ticketForm, "Problem", problem);
        Fx.row(ticketForm, "Estimate", estimate);

        VBox right = new VBox(
                8,
                Fx.bar(formTitle, formStatus, Fx.spacer(), clear),
                form,
                customerCustom.view(),
                Fx.bar(save, Fx.spacer(), erase),
                saveReason,
                erasure,
                new Label("Repairs (double-click to open)"),
                tickets,
                ticketForm,
                ticketCustom.view(),
                checkInFiles.view(),
                Fx.bar(createTicket),
                ticketReason,
                history.view());
        right.getStyleClass().add("pane");
        javafx.scene.control.ScrollPane rightScroll = new javafx.scene.control.ScrollPane(right);
        rightScroll.setFitToWidth(true);
        view = new SplitPane(left, rightScroll);
        view.setDividerPositions(0.52);
        show(null);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("customers", "tickets", "customFields");
    }

    @Override
    public void reload() {
        String text = search.getText() == null ? "" : search.getText().trim();
        ctx.backend
                .call(d -> new Found(
                        text.isEmpty()
                                ? sortedAll(d.customers().all())
                                : d.customers().search(text),
                        d.customFields().active("customers"),
                        d.customFields().active("tickets")))
                .then(this::render);
    }

    /** The customers found, and the shop's active fields of customers and of repairs (for check-in). */
    private record Found(List<Customer> customers, List<CustomField> customerFields, List<CustomField> ticketFields) {}

    /**
     * Shows the found customers and keeps the one being edited: its form is refilled only if the
     * user has not typed into it, so a live update never eats what someone is typing.
     */
    private void render(Found loaded) {
        List<Customer> found = loaded.customers();
        customColumns.show(
                CustomFieldInputs.visible(loaded.customerFields(), ctx.access().role()));
        ticketCustom.fields(
                CustomFieldInputs.visible(loaded.ticketFields(), ctx.access().role()));
        if (customerCustom.fields(
                CustomFieldInputs.visible(loaded.customerFields(), ctx.access().role()))) {
            Customer shown = selected; // new inputs: they show the customer's values
            customerCustom.fill(name -> shown == null ? null : shown.custom().get(name));
        }
        String keep = selectAfterReload != null ? selectAfterReload : selected == null ? null : selected.id();
        boolean force = selectAfterReload != null;
        selectAfterReload = null;
        reloading = true;
        table.getItems().setAll(found);
        Customer again =
                found.stream().filter(c -> c.id().equals(keep)).findFirst().orElse(null);
        if (again != null) {
            table.getSelectionModel().select(again);
        }
        reloading = false;
        if (again != null && (force || !dirty())) {
            show(again);
        } else if (again != null) {
            selected = again;
            formStatus.getChildren().setAll(Fx.statusIcon(again.syncStatus()));
            loadTickets(again.id());
        }
    }

    private boolean dirty() {
        if (selected == null) {
            return true;
        }
        return !Fx.text(selected.firstName()).equals(firstName.getText())
                || !Fx.text(selected.lastName()).equals(lastName.getText())
                || !Fx.text(selected.phone()).equals(phone.getText())
                || !Fx.text(selected.email()).equals(email.getText())
                || !Fx.text(selected.address()).equals(address.getText())
                || !Fx.text(selected.notes()).equals(notes.getText())
                || customerCustom.differs(name -> selected.custom().get(name));
    }

    private static List<Customer> sortedAll(List<Customer> all) {
        return all.stream()
                .sorted(java.util.Comparator.comparing(Customer::firstName, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    @Override
    public void accessChanged(Access access) {
        guardSave(access);
        Fx.guard(createTicket, ticketReason, access.denial("tickets", Action.CREATE));
        showErase(access);
    }

    /** Only an admin sees "Erase customer": it is not an everyday action to show others as refused. */
    private void showErase(Access access) {
        boolean shown = selected != null && access.denialToErase().isEmpty();
        erase.setVisible(shown);
        erase.setManaged(shown);
    }

    private void guardSave(Access access) {
        Fx.guard(
                saveReasonTarget(),
                saveReason,
                access.denial("customers", selected == null ? Action.CREATE : Action.UPDATE));
    }

    private Button saveReasonTarget() {
        return save;
    }

    private void show(Customer customer) {
        selected = customer;
        formTitle.setText(
                customer == null ? "New customer" : customer.firstName() + " " + Fx.text(customer.lastName()));
        formStatus.getChildren().setAll(customer == null ? List.of() : List.of(Fx.statusIcon(customer.syncStatus())));
        formStatus.setId("customerStatus");
        firstName.setText(customer == null ? "" : Fx.text(customer.firstName()));
        lastName.setText(customer == null ? "" : Fx.text(customer.lastName()));
        phone.setText(customer == null ? "" : Fx.text(customer.phone()));
        email.setText(customer == null ? "" : Fx.text(customer.email()));
        address.setText(customer == null ? "" : Fx.text(customer.address()));
        notes.setText(customer == null ? "" : Fx.text(customer.notes()));
        customerCustom.fill(name -> customer == null ? null : customer.custom().get(name));
        createTicket.setVisible(customer != null);
        showErase(ctx.access());
        if (customer == null || !customer.id().equals(erasureOf)) {
            erasure.setText("");
        }
        history.show("customers", customer == null ? null : customer.id());
        checkInFiles.view().setVisible(customer != null);
        checkInFiles.view().setManaged(customer != null);
        tickets.getItems().clear();
        guardSave(ctx.access());
        if (customer != null) {
            loadTickets(customer.id());
        }
    }

    private void loadTickets(String customerId) {
        ctx.backend.call(d -> d.tickets().ofCustomer(customerId)).then(found -> {
            if (selected != null && selected.id().equals(customerId)) {
                tickets.getItems().setAll(found);
            }
        });
    }

    private void save() {
        Map<String, Object> fields = new HashMap<>();
        put(fields, "firstName", firstName.getText(), selected == null ? null : selected.firstName());
        put(fields, "lastName", lastName.getText(), selected == null ? null : selected.lastName());
        put(fields, "phone", phone.getText(), selected == null ? null : selected.phone());
        put(fields, "email", email.getText(), selected == null ? null : selected.email());
        put(fields, "address", address.getText(), selected == null ? null : selected.address());
        put(fields, "notes", notes.getText(), selected == null ? null : selected.notes());
        Customer editing = selected;
        try {
            Map<String, Object> custom = editing == null
                    ? customerCustom.forCreate()
                    : customerCustom.changedFrom(name -> editing.custom().get(name));
            if (!custom.isEmpty()) {
                fields.put("custom", custom);
            }
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        if (editing == null) {
            ctx.backend
                    .call(d -> d.customers().create(fields))
                    .then(
                            id -> {
                                ctx.notice("Customer saved");
                                selected = null;
                                search.setText("");
                                reloadAndSelect(id);
                            },
                            failedIn(customerCustom));
        } else if (!fields.isEmpty()) {
            ctx.backend
                    .run(d -> d.customers().update(editing.id(), fields))
                    .then(
                            done -> {
                                ctx.notice("Customer saved");
                                reload();
                            },
                            failedIn(customerCustom));
        }
    }

    private void reloadAndSelect(String id) {
        selectAfterReload = id;
        reload();
    }

    /** Puts a field that changed; a cleared field is sent as null. */
    private static void put(Map<String, Object> fields, String name, String text, String before) {
        String value = Fx.blankToNull(text);
        if (!java.util.Objects.equals(value, before)) {
            fields.put(name, value);
        }
    }

    private void createTicket() {
        if (selected == null) {
            return;
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("customerId", selected.id());
        fields.put("deviceType", Fx.text(deviceType.getValue()));
        fields.put("problem", Fx.text(problem.getText()));
        if (Fx.blankToNull(model.getText()) != null) {
            fields.put("deviceModel", model.getText().trim());
        }
        try {
            Long cents = Fx.cents(estimate.getText());
            if (cents != null) {
                fields.put("estimateCents", cents);
            }
            Map<String, Object> custom = ticketCustom.forCreate();
            if (!custom.isEmpty()) {
                fields.put("custom", custom);
            }
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        List<AttachmentFiles.Draft> drafts = checkInFiles.drafts();
        ctx.backend
                .call(d -> {
                    String id = d.tickets().create(fields);
                    return AttachmentFiles.attachAll(d, id, drafts); // right after, on the same thread
                })
                .then(
                        refused -> {
                            ctx.notice(checkedIn(drafts.size(), refused));
                            model.clear();
                            problem.clear();
                            estimate.clear();
                            ticketCustom.clear();
                            checkInFiles.clear();
                            loadTickets(fields.get("customerId").toString());
                        },
                        failedIn(ticketCustom));
    }

    /** Shows a refusal next to the custom field it names, and in the notice. */
    private java.util.function.Consumer<Throwable> failedIn(CustomFieldInputs inputs) {
        return error -> {
            inputs.showError(error);
            ctx.failed(error);
        };
    }

    private static String checkedIn(int chosen, List<String> refused) {
        int attached = chosen - refused.size();
        String done = attached == 0
                ? "Repair checked in"
                : "Repair checked in with " + attached + (attached == 1 ? " attachment" : " attachments");
        return refused.isEmpty() ? done : done + "; not attached: " + String.join("; ", refused);
    }
}
