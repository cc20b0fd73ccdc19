package com.repairsync.desk.ui;

import com.repairsync.client.records.Appointment;
import com.repairsync.client.records.Customer;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Appointments by day or week; book, reschedule, see one's history, and choose which dates this
 * desk downloads.
 */
final class AppointmentsScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM");

    private final DeskContext ctx;
    private final ZoneId zone = ZoneId.systemDefault();
    private final DatePicker anchor = new DatePicker(LocalDate.now());
    private final ToggleButton dayToggle = new ToggleButton("Day");
    private final ToggleButton weekToggle = new ToggleButton("Week");
    private final TableView<Appointment> day = new TableView<>();
    private final HBox week = new HBox(6);
    private final ComboBox<Customer> customer = new ComboBox<>();
    private final ComboBox<String> type = new ComboBox<>();
    private final DatePicker date = new DatePicker(LocalDate.now());
    private final TextField time = Fx.field("appointmentTime", "HH:mm");
    private final Spinner<Integer> duration = new Spinner<>(5, 480, 30, 15);
    private final TextField notes = Fx.field("appointmentNotes", "Notes");
    private final Button book = Fx.button("Book", "bookAppointment");
    private final Button reschedule = Fx.button("Reschedule selected", "rescheduleAppointment");
    private final Label bookReason = Fx.reasonLabel();
    private final Button history = Fx.button("History of selected", "appointmentHistory");
    private final CheckBox allDates = new CheckBox("All dates");
    private final DatePicker syncFrom = new DatePicker();
    private final DatePicker syncTo = new DatePicker();
    private final Label syncRange = new Label();
    private final VBox view;
    private Map<String, Customer> customers = Map.of();
    private Appointment selected;

    AppointmentsScreen(DeskContext ctx) {
        this.ctx = ctx;
        ToggleGroup mode = new ToggleGroup();
        dayToggle.setToggleGroup(mode);
        weekToggle.setToggleGroup(mode);
        dayToggle.setId("appointmentsDay");
        weekToggle.setId("appointmentsWeek");
        weekToggle.setSelected(true);
        mode.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            }
            reload();
        });
        anchor.setOnAction(e -> reload());
        Button previous = Fx.button("\u2039", "appointmentsPrevious");
        Button next = Fx.button("\u203a", "appointmentsNext");
        previous.setOnAction(e -> anchor.setValue(anchor.getValue().minusDays(dayToggle.isSelected() ? 1 : 7)));
        next.setOnAction(e -> anchor.setValue(anchor.getValue().plusDays(dayToggle.isSelected() ? 1 : 7)));

        day.setId("appointmentTable");
        day.getColumns()
                .addAll(List.of(
                        Fx.statusColumn(Appointment::syncStatus),
                        Fx.column("Time", 70, a -> TIME.format(a.startsAt().atZone(zone))),
                        Fx.column("Minutes", 70, a -> String.valueOf(a.durationMinutes())),
                        Fx.column("Customer", 170, a -> customerName(a.customerId())),
                        Fx.column("Type", 110, a -> Fx.label(a.type())),
                        Fx.column("Status", 100, a -> Fx.label(a.status())),
                        Fx.column("Notes", 200, Appointment::notes)));
        day.setPlaceholder(new Label("Nothing booked this day"));
        day.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> select(now));
        week.getStyleClass().add("board");
        StackPane calendar = new StackPane(week, day);
        VBox.setVgrow(calendar, Priority.ALWAYS);

        customer.setId("appointmentCustomer");
        customer.setConverter(new StringConverter<>() {
            @Override
            public String toString(Customer c) {
                return c == null ? "" : (c.firstName() + " " + Fx.text(c.lastName())).trim();
            }

            @Override
            public Customer fromString(String text) {
                return null;
            }
        });
        type.setId("appointmentType");
        type.getItems().addAll("drop_off", "pick_up", "consultation", "on_site");
        type.setValue("drop_off");
        type.setConverter(Fx.wireNames());
        time.setText("10:00");
        time.setPrefColumnCount(5);
        duration.setPrefWidth(90);
        book.setOnAction(e -> book());
        reschedule.setOnAction(e -> reschedule());
        reschedule.setDisable(true);
        history.setOnAction(e -> HistoryWindow.open(ctx, week, "appointments", selected));
        GridPane form = Fx.form();
        Fx.row(form, "Customer", customer);
        Fx.row(form, "Type", type);
        Fx.row(form, "When", Fx.bar(date, time, new Label("for"), duration, new Label("min")));
        Fx.row(form, "Notes", notes);

        for (DatePicker picker : List.of(anchor, date, syncFrom, syncTo)) {
            picker.setPrefWidth(140);
        }
        form.setMaxWidth(640);
        allDates.setId("syncAllDates");
        syncFrom.setId("syncFrom");
        syncTo.setId("syncTo");
        Instant[] range = ctx.backend.appointmentRange();
        allDates.setSelected(range[0] == null && range[1] == null);
        syncFrom.setValue(range[0] == null ? LocalDate.now().minusWeeks(1) : LocalDate.ofInstant(range[0], zone));
        syncTo.setValue(range[1] == null ? LocalDate.now().plusWeeks(4) : LocalDate.ofInstant(range[1], zone));
        syncFrom.disableProperty().bind(allDates.selectedProperty());
        syncTo.disableProperty().bind(allDates.selectedProperty());
        Button applyRange = Fx.button("Apply", "applySyncRange");
        applyRange.setOnAction(e -> applyRange());
        syncRange.getStyleClass().add("muted");
        showRange(range[0], range[1]);

        view = new VBox(
                8,
                Fx.bar(Fx.title("Appointments"), Fx.spacer(), previous, anchor, next, dayToggle, weekToggle),
                calendar,
                Fx.bar(new Label("Book or reschedule")),
                form,
                Fx.bar(book, reschedule, history),
                bookReason,
                new Label("Which appointments this desk downloads (selective sync)"),
                Fx.bar(allDates, new Label("from"), syncFrom, new Label("to"), syncTo, applyRange),
                syncRange);
        view.getStyleClass().add("pane");
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("appointments", "customers");
    }

    @Override
    public void reload() {
        LocalDate first = weekToggle.isSelected()
                ? anchor.getValue().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : anchor.getValue();
        int days = weekToggle.isSelected() ? 7 : 1;
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = first.plusDays(days).atStartOfDay(zone).toInstant();
        ctx.backend
                .call(d -> new Loaded(
                        d.appointments().between(from, to), d.customers().all()))
                .then(loaded -> render(loaded, first, days));
    }

    private record Loaded(List<Appointment> appointments, List<Customer> customers) {}

    private void render(Loaded loaded, LocalDate first, int days) {
        customers = new HashMap<>();
        loaded.customers().forEach(c -> customers.put(c.id(), c));
        Customer chosen = customer.getValue();
        customer.getItems()
                .setAll(loaded.customers().stream()
                        .sorted(java.util.Comparator.comparing(Customer::firstName, String.CASE_INSENSITIVE_ORDER))
                        .toList());
        if (chosen != null) {
            customer.getItems().stream()
                    .filter(c -> c.id().equals(chosen.id()))
                    .findFirst()
                    .ifPresent(customer::setValue);
        }
        day.setVisible(days == 1);
        week.setVisible(days == 7);
        day.getItems().setAll(loaded.appointments());
        week.getChildren().clear();
        for (int i = 0; i < 7 && days == 7; i++) {
            LocalDate date = first.plusDays(i);
            VBox column = new VBox(5);
            column.getStyleClass().addAll("board-column", "week-column");
            HBox.setHgrow(column, Priority.ALWAYS);
            column.setPrefWidth(120);
            column.setMinWidth(80);
            Label header = new Label(DAY.format(date));
            header.getStyleClass().add("board-header");
            column.getChildren().add(header);
            loaded.appointments().stream()
                    .filter(a -> LocalDate.ofInstant(a.startsAt(), zone).equals(date))
                    .forEach(a -> column.getChildren().add(card(a)));
            week.getChildren().add(column);
        }
    }

    private Node card(Appointment a) {
        Label when = new Label(TIME.format(a.startsAt().atZone(zone)));
        when.getStyleClass().add("card-title");
        VBox card = new VBox(
                2,
                Fx.bar(Fx.statusIcon(a.syncStatus()), when),
                new Label(customerName(a.customerId())),
                new Label(Fx.label(a.type()) + ", " + a.durationMinutes() + " min"));
        card.getChildren().forEach(n -> {
            if (n instanceof Label label) {
                label.setWrapText(true);
            }
        });
        card.getStyleClass().addAll("card", "appointment-" + a.status());
        card.setOnMouseClicked(e -> select(a));
        return card;
    }

    private void select(Appointment a) {
        selected = a;
        reschedule.setDisable(
                a == null || ctx.access().denial("appointments", Action.UPDATE).isPresent());
        if (a != null) {
            customer.getItems().stream()
                    .filter(c -> c.id().equals(a.customerId()))
                    .findFirst()
                    .ifPresent(customer::setValue);
            type.setValue(a.type());
            date.setValue(LocalDate.ofInstant(a.startsAt(), zone));
            time.setText(TIME.format(a.startsAt().atZone(zone)));
            duration.getValueFactory().setValue(a.durationMinutes().intValue());
            notes.setText(Fx.text(a.notes()));
        }
    }

    private String customerName(String id) {
        Customer c = customers.get(id);
        return c == null ? "?" : (c.firstName() + " " + Fx.text(c.lastName())).trim();
    }

    @Override
    public void accessChanged(Access access) {
        Fx.guard(book, bookReason, access.denial("appointments", Action.CREATE));
        select(selected);
    }

    private Instant startsAt() {
        try {
            return date.getValue()
                    .atTime(LocalTime.parse(time.getText().trim()))
                    .atZone(zone)
                    .toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("pick a date and a time like 14:30");
        }
    }

    private void book() {
        Map<String, Object> fields = new HashMap<>();
        try {
            if (customer.getValue() == null) {
                throw new IllegalArgumentException("pick a customer");
            }
            fields.put("customerId", customer.getValue().id());
            fields.put("type", type.getValue());
            fields.put("startsAt", startsAt());
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        fields.put("durationMinutes", duration.getValue());
        if (Fx.blankToNull(notes.getText()) != null) {
            fields.put("notes", notes.getText().trim());
        }
        ctx.backend
                .call(d -> d.appointments().create(fields))
                .then(
                        id -> {
                            ctx.notice("Appointment booked");
                            anchor.setValue(date.getValue());
                            reload();
                        },
                        ctx::failed);
    }

    private void reschedule() {
        Appointment a = selected;
        Instant when;
        try {
            when = startsAt();
        } catch (IllegalArgumentException e) {
            ctx.failed(e);
            return;
        }
        Map<String, Object> fields = Map.of("startsAt", when, "durationMinutes", duration.getValue());
        ctx.backend
                .run(d -> d.appointments().update(a.id(), fields))
                .then(
                        ok -> {
                            ctx.notice("Appointment moved");
                            anchor.setValue(date.getValue());
                            reload();
                        },
                        ctx::failed);
    }

    private void applyRange() {
        Instant from = allDates.isSelected()
                ? null
                : syncFrom.getValue().atStartOfDay(zone).toInstant();
        Instant to = allDates.isSelected()
                ? null
                : syncTo.getValue().plusDays(1).atStartOfDay(zone).toInstant();
        ctx.notice("Downloading appointments again for the new range\u2026");
        ctx.backend
                .selectAppointments(from, to)
                .then(
                        ok -> {
                            showRange(from, to);
                            ctx.notice("Appointment range applied");
                            reload();
                        },
                        error -> {
                            showRange(from, to);
                            ctx.notice("Range saved; appointments download when the server is reachable");
                        });
    }

    private void showRange(Instant from, Instant to) {
        syncRange.setText(
                from == null && to == null
                        ? "Every appointment of the shop is kept on this desk."
                        : "Only appointments from " + LocalDate.ofInstant(from, zone) + " to "
                                + LocalDate.ofInstant(to, zone).minusDays(1) + " are downloaded to this desk.");
    }
}
