package com.repairsync.desk.ui;

import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.records.Employee;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Employees (admins and managers only): add one, set a PIN, deactivate, see one's history and open
 * the shop's audit at what they did.
 */
final class EmployeesScreen implements Screen {
    private final DeskContext ctx;
    private final TableView<Employee> table = new TableView<>();
    private final PasswordField pin = new PasswordField();
    private final Button setPin = Fx.button("Set PIN", "setPin");
    private final Button toggleActive = Fx.button("Deactivate", "toggleActive");
    private final Label pinReason = Fx.reasonLabel();
    private final Button history = Fx.button("History", "employeeHistory");
    private final Button whatTheyDid = Fx.button("What they did", "whatTheyDid");
    private final TextField firstName = Fx.field("employeeFirstName", "First name");
    private final TextField lastName = Fx.field("employeeLastName", "Last name");
    private final TextField email = Fx.field("employeeEmail", "E-mail");
    private final ComboBox<String> role = new ComboBox<>();
    private final TextField rate = Fx.field("employeeRate", "Hourly rate");
    private final Button create = Fx.button("Add employee", "createEmployee");
    private final Label createReason = Fx.reasonLabel();
    private final VBox view;

    EmployeesScreen(DeskContext ctx) {
        this.ctx = ctx;
        table.setId("employeeTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(Employee::syncStatus),
                        Fx.column("Name", 170, e -> (e.firstName() + " " + Fx.text(e.lastName())).trim()),
                        Fx.column("E-mail", 200, Employee::email),
                        Fx.column("Role", 100, e -> Fx.label(e.role())),
                        Fx.column("Rate", 70, e -> Fx.money(e.hourlyRateCents())),
                        Fx.column("PIN", 50, e -> e.pinHash() == null ? "none" : "set"),
                        Fx.column("Active", 60, e -> Boolean.FALSE.equals(e.active()) ? "no" : "yes")));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            toggleActive.setText(now != null && Boolean.FALSE.equals(now.active()) ? "Reactivate" : "Deactivate");
            guardChanges(ctx.access());
        });
        pin.setId("newPin");
        pin.setPromptText("4 to 8 digits");
        pin.setPrefColumnCount(8);
        setPin.setOnAction(e -> setPin());
        toggleActive.setOnAction(e -> toggleActive());
        history.setOnAction(e -> HistoryWindow.open(
                ctx, table, "employees", table.getSelectionModel().getSelectedItem()));
        whatTheyDid.setOnAction(e -> {
            Employee employee = table.getSelectionModel().getSelectedItem();
            if (employee == null) {
                ctx.notice("Select an employee first");
            } else {
                ctx.openAudit(employee.id());
            }
        });
        role.setId("employeeRole");
        role.getItems().addAll("technician", "front_desk", "manager", "admin");
        role.setValue("technician");
        role.setConverter(Fx.wireNames());
        create.setOnAction(e -> create());
        GridPane form = Fx.form();
        Fx.row(form, "First name", firstName);
        Fx.row(form, "Last name", lastName);
        Fx.row(form, "E-mail", email);
        Fx.row(form, "Role", role);
        Fx.row(form, "Hourly rate", rate);
        form.setMaxWidth(420);
        javafx.scene.control.Hyperlink console =
                new javafx.scene.control.Hyperlink("Open the owner's console: every device's sync, analytics, alerts");
        console.setId("openConsole");
        console.setOnAction(e ->
                ctx.backend.call(d -> d.identity().serverUrl() + "/console").then(ctx::browse));
        view = new VBox(
                8,
                Fx.title("Employees"),
                console,
                table,
                Fx.bar(new Label("Selected employee: new PIN"), pin, setPin, toggleActive, history, whatTheyDid),
                pinReason,
                new Label("New employee"),
                form,
                Fx.bar(create),
                createReason);
        VBox.setVgrow(table, Priority.ALWAYS);
        view.getStyleClass().add("pane");
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("employees");
    }

    @Override
    public boolean visibleTo(Access access) {
        return access.managesShop();
    }

    @Override
    public void reload() {
        ctx.backend.call(d -> d.employees().all()).then(all -> {
            Employee chosen = table.getSelectionModel().getSelectedItem();
            table.getItems()
                    .setAll(all.stream()
                            .sorted(java.util.Comparator.comparing(Employee::firstName, String.CASE_INSENSITIVE_ORDER))
                            .toList());
            if (chosen != null) {
                table.getItems().stream()
                        .filter(e -> e.id().equals(chosen.id()))
                        .findFirst()
                        .ifPresent(e -> table.getSelectionModel().select(e));
            }
        });
    }

    @Override
    public void accessChanged(Access access) {
        guardChanges(access);
        Fx.guard(create, createReason, access.denial("employees", Action.CREATE));
    }

    /** A manager may change employees but not an admin: the reason shows once one is selected. */
    private void guardChanges(Access access) {
        Fx.guard(
                setPin,
                pinReason,
                access.denialToChange(table.getSelectionModel().getSelectedItem()));
        toggleActive.setDisable(setPin.isDisable());
    }

    private void setPin() {
        Employee employee = table.getSelectionModel().getSelectedItem();
        String typed = pin.getText();
        if (employee == null) {
            ctx.notice("Select an employee first");
            return;
        }
        ctx.backend
                .run(d -> d.employees().setPin(employee.id(), typed))
                .then(
                        ok -> {
                            pin.clear();
                            ctx.notice("PIN set for " + employee.firstName());
                            reload();
                        },
                        ctx::failed);
    }

    private void toggleActive() {
        Employee employee = table.getSelectionModel().getSelectedItem();
        if (employee == null) {
            return;
        }
        boolean active = Boolean.FALSE.equals(employee.active());
        ctx.backend
                .run(d -> d.employees().update(employee.id(), Map.of("active", active)))
                .then(
                        ok -> {
                            ctx.notice(employee.firstName() + (active ? " reactivated" : " deactivated"));
                            reload();
                        },
                        ctx::failed);
    }

    private void create() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("firstName", firstName.getText().trim());
        fields.put("role", role.getValue());
        if (Fx.blankToNull(lastName.getText()) != null) {
            fields.put("lastName", lastName.getText().trim());
        }
        if (Fx.blankToNull(email.getText()) != null) {
            fields.put("email", email.getText().trim());
        }
        try {
            Long cents = Fx.cents(rate.getText());
            if (cents != null) {
                fields.put("hourlyRateCents", cents);
            }
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        ctx.backend.call(d -> d.employees().create(fields)).then(this::created, error -> {
            if (error instanceof ReauthenticationRequiredException) {
                confirmAndCreate(fields);
            } else {
                ctx.failed(error);
            }
        });
    }

    /** Making someone an admin needs the acting employee's password again: ask, confirm, save at once. */
    private void confirmAndCreate(Map<String, Object> fields) {
        PasswordPrompt.ask(create.getScene().getWindow(), "Making someone an admin needs your password again.")
                .ifPresent(password -> ctx.backend
                        .call(d -> {
                            d.confirmPassword(password);
                            return d.employees().create(fields); // the device sends it at once
                        })
                        .then(this::created, ctx::failed));
    }

    private void created(String id) {
        ctx.notice("Employee added; select them to set a PIN");
        List.of(firstName, lastName, email, rate).forEach(TextField::clear);
        reload();
    }
}
