package com.repairsync.desk.ui;

import com.repairsync.client.AuditQuery;
import com.repairsync.client.HistoryText;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.ShopDevice;
import com.repairsync.desk.backend.Access;
import com.repairsync.desk.backend.DeskBackend;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryPage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The shop's audit (managers and admins): everything the shop's history holds, filtered by
 * employee, device, kind of record and a range of days, newest first, a page at a time. It asks the
 * server on the backend's network thread; a failure (offline, refused) is shown above the list.
 * The employees screen opens it at what one employee did.
 */
final class AuditScreen implements Screen {
    /** Entries a page holds. */
    static final int PAGE = 50;

    private static final Choice ANY_EMPLOYEE = new Choice(null, "Anyone");
    private static final Choice ANY_DEVICE = new Choice(null, "Any device");
    private static final Choice ANY_RECORD = new Choice(null, "Any record");

    private final DeskContext ctx;
    private final ZoneId zone = ZoneId.systemDefault();
    private final ComboBox<Choice> employee = new ComboBox<>();
    private final ComboBox<Choice> device = new ComboBox<>();
    private final ComboBox<Choice> entity = new ComboBox<>();
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final TableView<Row> table = new TableView<>();
    private final Label problem = new Label();
    private final Button more = Fx.button("Show older", "auditMore");
    private final VBox view;
    private String wantedEmployee;
    private Long before;
    private long request;

    /** A filter's choice: an id (null: any) and what people read. */
    record Choice(String id, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One entry as the table shows it. */
    record Row(String when, String who, String device, String record, String what) {}

    AuditScreen(DeskContext ctx) {
        this.ctx = ctx;
        employee.setId("auditEmployee");
        device.setId("auditDevice");
        entity.setId("auditEntity");
        from.setId("auditFrom");
        to.setId("auditTo");
        from.setPromptText("from day");
        to.setPromptText("to day");
        from.setPrefWidth(130);
        to.setPrefWidth(130);
        employee.getItems().setAll(ANY_EMPLOYEE);
        employee.setValue(ANY_EMPLOYEE);
        device.getItems().setAll(ANY_DEVICE);
        device.setValue(ANY_DEVICE);
        entity.getItems().add(ANY_RECORD);
        DeskRecords.ENTITIES.forEach(
                name -> entity.getItems().add(new Choice(name, Fx.label(DeskRecords.singular(name)) + "s")));
        entity.setValue(ANY_RECORD);
        Button show = Fx.button("Show", "auditShow");
        show.setDefaultButton(true);
        show.setOnAction(e -> query());
        more.setOnAction(e -> older());
        table.setId("auditTable");
        table.getColumns()
                .addAll(List.of(
                        Fx.column("When", 110, Row::when),
                        Fx.column("Who", 120, Row::who),
                        Fx.column("Device", 120, Row::device),
                        Fx.column("Record", 240, Row::record),
                        Fx.column("What", 420, Row::what)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing matches: no change by this employee or device in these days"));
        problem.setId("auditProblem");
        problem.getStyleClass().add("reason");
        problem.setWrapText(true);
        view = new VBox(
                8,
                Fx.title("Audit"),
                Fx.bar(employee, device, entity, new Label("from"), from, new Label("to"), to, show),
                problem,
                table,
                Fx.bar(more));
        VBox.setVgrow(table, Priority.ALWAYS);
        view.getStyleClass().add("pane");
        showMore(false);
    }

    @Override
    public Node view() {
        return view;
    }

    /** Only a change of the employees (the filter's names) reloads it: the audit itself is read on demand. */
    @Override
    public Set<String> entities() {
        return Set.of("employees");
    }

    @Override
    public boolean visibleTo(Access access) {
        return access.managesShop();
    }

    /** Opens at what one employee did: the filter is set once the employees are loaded. */
    void employee(String employeeId) {
        wantedEmployee = employeeId;
        device.setValue(ANY_DEVICE);
        entity.setValue(ANY_RECORD);
        from.setValue(null);
        to.setValue(null);
    }

    @Override
    public void reload() {
        ctx.backend
                .call(d -> d.employees().all().stream()
                        .map(e -> new Choice(e.id(), (e.firstName() + " " + Fx.text(e.lastName())).trim()))
                        .toList())
                .then(
                        people -> {
                            String keep = wantedEmployee != null
                                    ? wantedEmployee
                                    : employee.getValue() == null
                                            ? null
                                            : employee.getValue().id();
                            wantedEmployee = null;
                            List<Choice> choices = new ArrayList<>(List.of(ANY_EMPLOYEE));
                            choices.addAll(people);
                            if (!employee.getItems().equals(choices)) {
                                employee.getItems().setAll(choices);
                            }
                            employee.setValue(employee.getItems().stream()
                                    .filter(c -> keep != null && keep.equals(c.id()))
                                    .findFirst()
                                    .orElse(ANY_EMPLOYEE));
                            query();
                        },
                        ctx::failed);
    }

    private void devices(List<ShopDevice> shopDevices) {
        List<Choice> choices = new ArrayList<>(List.of(ANY_DEVICE));
        shopDevices.forEach(d -> choices.add(new Choice(d.deviceId(), d.name())));
        if (device.getItems().equals(choices)) {
            return; // replacing equal items would blank the chosen one's button
        }
        Choice chosen = device.getValue();
        device.getItems().setAll(choices);
        device.setValue(device.getItems().stream()
                .filter(c ->
                        chosen != null && chosen.id() != null && chosen.id().equals(c.id()))
                .findFirst()
                .orElse(ANY_DEVICE));
    }

    /** The filters as a query, from the newest entry. */
    private AuditQuery filters() {
        LocalDate first = from.getValue();
        LocalDate last = to.getValue();
        Instant start = first == null ? null : first.atStartOfDay(zone).toInstant();
        Instant end = last == null ? null : last.plusDays(1).atStartOfDay(zone).toInstant();
        return AuditQuery.all()
                .limit(PAGE)
                .employee(id(employee))
                .device(id(device))
                .entity(id(entity))
                .from(start)
                .to(end);
    }

    private static String id(ComboBox<Choice> box) {
        return box.getValue() == null ? null : box.getValue().id();
    }

    private void query() {
        AuditQuery query;
        try {
            query = filters();
        } catch (IllegalArgumentException e) {
            problem.setText("Check the filters: " + e.getMessage());
            return;
        }
        table.getItems().clear();
        load(query, true);
    }

    private void older() {
        if (before != null) {
            try {
                load(filters().before(before), false);
            } catch (IllegalArgumentException e) {
                problem.setText("Check the filters: " + e.getMessage());
            }
        }
    }

    private record Page(List<Row> rows, Long before, List<ShopDevice> devices) {}

    private void load(AuditQuery query, boolean first) {
        long asked = ++request;
        problem.setText(first ? "Loading\u2026" : "");
        more.setDisable(true);
        ctx.backend
                .askServer(d -> {
                    HistoryPage page = d.audit().query(query);
                    List<ShopDevice> shopDevices = d.shopDevices().list(); // names removed devices too
                    HistoryText text = HistoryText.of(d).withDevices(shopDevices);
                    List<Row> rows = new ArrayList<>();
                    for (HistoryEntry entry : page.entries()) {
                        rows.add(row(d, text, entry));
                    }
                    return new Page(rows, page.before(), shopDevices);
                })
                .then(
                        page -> {
                            if (asked == request) {
                                problem.setText("");
                                devices(page.devices());
                                table.getItems().addAll(page.rows());
                                before = page.before();
                                showMore(true);
                            }
                        },
                        failure -> {
                            if (asked == request) {
                                problem.setText(
                                        DeskBackend.offline(failure)
                                                ? "The audit needs the server, which cannot be reached now."
                                                : "The audit could not be read: " + failure.getMessage());
                                showMore(true);
                            }
                        });
    }

    private static Row row(RepairSyncDevice d, HistoryText text, HistoryEntry entry) {
        String record = Fx.label(DeskRecords.singular(entry.entity())) + " "
                + (DeskRecords.ENTITIES.contains(entry.entity())
                        ? DeskRecords.find(d, entry.entity(), entry.recordId())
                                .map(DeskRecords.Line::summary)
                                .orElse(shortId(entry.recordId()))
                        : shortId(entry.recordId()));
        return new Row(
                text.when(entry.at()),
                text.employee(entry.actorId()),
                entry.deviceId() == null ? "the server" : text.device(entry.deviceId()),
                record,
                text.what(entry));
    }

    private static String shortId(String id) {
        return id == null || id.length() <= 8 ? String.valueOf(id) : id.substring(0, 8);
    }

    private void showMore(boolean loaded) {
        more.setVisible(loaded && before != null);
        more.setManaged(loaded && before != null);
        more.setDisable(false);
    }
}
