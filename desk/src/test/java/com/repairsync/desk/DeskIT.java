package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.PinCost;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.desk.backend.DeskBackend;
import com.repairsync.desk.backend.FxGuard;
import com.repairsync.desk.ui.DeskWindow;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives RepairSync Desk like a person, headless (Monocle), against a real server behind a proxy
 * that can pull the cable: join, set PINs, switch employee with a wrong and a right PIN, work
 * offline (pending icons, badge), come back (synced, badge clears), see another device's change
 * live, and fix a refused change in Needs attention. Takes the screenshots of docs/desk.
 */
@ExtendWith(ApplicationExtension.class)
class DeskIT {
    private static final Duration PATIENCE = Duration.ofSeconds(25);
    private static TestServer server;
    private static Shop shop;
    private static TcpProxy proxy;
    private static RepairSyncDevice tablet;
    private static String larry;
    private DeskBackend backend;
    private DeskWindow window;
    private Stage stage;
    private Path deskDir;
    private Scene scene;
    private static Scene shown;
    /** The desk's idle clock: it moves only when a step moves it. */
    private final MutableClock idle = MutableClock.atNow();
    /** The pages the desk opened in the system's browser. */
    private final java.util.List<String> browsed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void shopWithSampleData() throws Exception {
        server = TestServer.start();
        shop = server.createShop();
        proxy = new TcpProxy(URI.create(server.http().baseUrl()).getPort());
        Path dir = Files.createTempDirectory("desk-it-tablet");
        tablet = RepairSyncDevice.open(dir.resolve("device.db"), server.http().baseUrl(), fast());
        tablet.join(shop.adminEmail(), TestServer.PASSWORD, "Workshop tablet");
        SampleShop.fill(tablet);
        larry = tablet.customers().search("Larry").get(0).id();
        tablet.syncNow();
    }

    @AfterAll
    static void stopServer() {
        tablet.close();
        proxy.close();
        server.stop();
    }

    static DeviceOptions fast() {
        return DeviceOptions.defaults()
                .withProbeInterval(Duration.ofMillis(200))
                .withPinCost(PinCost.TEST_ONLY);
    }

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("desk-it-desk");
        this.stage = stage;
        this.deskDir = dir;
        backend = new DeskBackend(dir, fast());
        window = new DeskWindow(backend, new DeskMain.Options(dir, proxy.url(), false, null, null), idle, browsed::add);
        scene = DeskStage.show(stage, window);
        shown = scene;
    }

    @Stop
    void stop() {
        backend.close();
    }

    @Test
    void aDayAtTheFrontDesk(FxRobot robot) {
        long start = System.nanoTime();
        step(start, "join", () -> join(robot));
        step(start, "set PINs", () -> setPins(robot));
        step(start, "switch employees", () -> switchEmployees(robot));
        step(start, "offline and back", () -> workOfflineAndComeBack(robot));
        step(start, "live change", this::seeAnotherDevicesChangeLive);
        step(start, "needs attention", () -> fixTheRefusedChange(robot));
        step(start, "tour", () -> tourTheScreens(robot));
        step(start, "desk lock", () -> lockTheDesk(robot));
        step(start, "PIN lockout", () -> lockOutWithWrongPins(robot));
        step(start, "removed from the shop", () -> seeTheDeskRemoved(robot));
        assertThat(FxGuard.violations())
                .as("SDK or network calls made on the JavaFX thread")
                .isZero();
    }

    private void join(FxRobot robot) {
        waitFor("join form", () -> robot.lookup("#joinEmail").tryQuery().isPresent());
        robot.clickOn("#joinEmail").write(shop.adminEmail());
        robot.clickOn("#joinPassword").write(TestServer.PASSWORD);
        Screenshots.take(scene, "01-join");
        robot.clickOn("#joinButton");
        waitFor(
                "customers after join",
                () -> robot.lookup("#customerTable .table-row-cell").queryAll().stream()
                                .filter(r -> ((TableRow<?>) r).getItem() != null)
                                .count()
                        >= 3);
        waitFor("presence of the tablet", () -> text(robot, "#presence").contains("Workshop tablet"));
        assertThat(text(robot, "#currentEmployee")).contains("Owner");
    }

    private void setPins(FxRobot robot) {
        robot.clickOn("#navEmployees");
        for (String[] who : new String[][] {{"Owner", "135790"}, {"Tom", "2468"}}) {
            clickRow(robot, "#employeeTable", (Employee e) -> e.firstName().equals(who[0]));
            robot.clickOn("#newPin").write(who[1]);
            robot.clickOn("#setPin");
            waitFor("PIN of " + who[0], () -> text(robot, "#notice").contains("PIN set for " + who[0]));
        }
        waitFor("PINs synced", () -> !visible(robot, "#pendingBadge"));
        Screenshots.take(scene, "09-employees");
        robot.clickOn("#openConsole");
        waitFor("the console opened", () -> browsed.contains(proxy.url() + "/console"));
    }

    /** The owner removes the desk from the shop: it says so, and by whom, in a banner. */
    private void seeTheDeskRemoved(FxRobot robot) {
        String tabletId = tablet.identity().deviceId();
        String deskId = tablet.shopDevices().list().stream()
                .filter(d -> !d.deviceId().equals(tabletId) && !d.revoked())
                .findFirst()
                .orElseThrow()
                .deviceId();
        tablet.shopDevices().revoke(deskId); // the server closes the desk's socket; reconnecting, it hears why
        waitFor(
                "the removal banner",
                () -> visible(robot, "#signedOutBanner")
                        && text(robot, "#signedOutBanner").contains("removed from the shop"));
    }

    private void switchEmployees(FxRobot robot) {
        robot.clickOn("#navCustomers");
        robot.clickOn("#switchEmployee");
        pickPerson(robot, "Tom");
        typePin(robot, "1111");
        waitFor("wrong PIN feedback", () -> text(robot, "#pinMessage").contains("Wrong PIN. 4 tries left"));
        Screenshots.take(scene, "03-pin-pad");
        typePin(robot, "2468");
        waitFor("Tom acting", () -> text(robot, "#currentEmployee").startsWith("Tom"));
        assertThat(visible(robot, "#navEmployees"))
                .as("a technician does not see employees")
                .isFalse();
        Node save = robot.lookup("#saveCustomer").query();
        assertThat(save.isDisabled()).isTrue();
        assertThat(robot.lookup(".denial").queryAllAs(Label.class))
                .anySatisfy(l -> assertThat(l.getText()).contains("technician may not create customers"));

        robot.clickOn("#switchEmployee");
        pickPerson(robot, "Owner");
        typePin(robot, "135790");
        waitFor("owner acting", () -> text(robot, "#currentEmployee").startsWith("Owner"));
        assertThat(visible(robot, "#navEmployees")).isTrue();
    }

    private void workOfflineAndComeBack(FxRobot robot) {
        proxy.down();
        waitFor("offline banner", () -> visible(robot, "#offlineBanner"));

        robot.clickOn("#newCustomer");
        robot.clickOn("#customerFirstName").write("Grace");
        robot.clickOn("#customerLastName").write("Hopper");
        robot.clickOn("#customerPhone").write("+1 555 0100");
        robot.clickOn("#saveCustomer");
        waitFor(
                "Grace pending",
                () -> rowStatus(robot, "#customerTable", (Customer c) -> c.firstName()
                                .equals("Grace"))
                        == SyncStatus.PENDING);
        assertThat(text(robot, "#pendingBadge")).isEqualTo("1");
        clickRow(robot, "#customerTable", (Customer c) -> c.firstName().equals("Grace"));
        robot.clickOn("#ticketModel").write("Pixel 8");
        robot.clickOn("#ticketProblem").write("Cracked screen");
        robot.clickOn("#ticketEstimate").write("129.00");
        robot.clickOn("#createTicket");
        waitFor("badge counts two", () -> text(robot, "#pendingBadge").equals("2"));
        Screenshots.take(scene, "02-customers-offline");

        // The repair for Larry is refused later: the tablet deletes Larry while this desk is offline.
        clickRow(robot, "#customerTable", (Customer c) -> c.firstName().equals("Larry"));
        robot.clickOn("#ticketProblem").write("Battery swells");
        robot.clickOn("#createTicket");
        waitFor("badge counts three", () -> text(robot, "#pendingBadge").equals("3"));
        tablet.customers().delete(larry);

        // Ada's phone changes here and, a moment later, on the tablet: the later write wins.
        clickRow(robot, "#customerTable", (Customer c) -> c.firstName().equals("Ada"));
        robot.interact(
                () -> robot.lookup("#customerPhone").queryAs(TextField.class).clear());
        robot.clickOn("#customerPhone").write("555-1111");
        robot.clickOn("#saveCustomer");
        waitFor("badge counts four", () -> text(robot, "#pendingBadge").equals("4"));
        String ada = tablet.customers().search("Ada").get(0).id();
        tablet.customers().update(ada, Map.of("phone", "555-2222"));
        tablet.syncNow();

        proxy.up();
        waitFor(
                "back online, badge cleared",
                () -> !visible(robot, "#offlineBanner") && !visible(robot, "#pendingBadge"));
        waitFor(
                "Grace synced",
                () -> rowStatus(robot, "#customerTable", (Customer c) -> c.firstName()
                                .equals("Grace"))
                        == SyncStatus.SYNCED);
        waitFor(
                "a refusal and a conflict need attention",
                () -> visible(robot, "#attentionBadge")
                        && text(robot, "#attentionBadge").equals("2"));
    }

    private void seeAnotherDevicesChangeLive() {
        String wanda =
                tablet.customers().create(Map.of("firstName", "Wanda", "lastName", "Walk-in", "phone", "555-0142"));
        tablet.syncNow();
        waitFor("Wanda appears by herself", () -> robot().lookup("#customerTable .table-row-cell").queryAll().stream()
                .map(r -> ((TableRow<?>) r).getItem())
                .anyMatch(item -> item instanceof Customer c && c.id().equals(wanda)));
    }

    private void fixTheRefusedChange(FxRobot robot) {
        robot.clickOn("#navNeedsattention");
        waitFor("refusal with its reason", () -> robot.lookup(".failed-card .reason").queryAllAs(Label.class).stream()
                .anyMatch(l ->
                        l.getText().contains("unknown_record") && l.getText().contains("customerId")));
        waitFor(
                "the conflict, with both values",
                () -> robot.lookup("#conflictList .label").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().contains("555-2222")));
        Screenshots.take(scene, "08-needs-attention");
        robot.clickOn("#keepTheirs");
        waitFor("conflict dismissed", () -> text(robot, "#attentionBadge").equals("1"));
        ComboBox<Customer> pick = robot.lookup("#edit-customerId").queryComboBox();
        robot.interact(() -> pick.getItems().stream()
                .filter(c -> c.firstName().equals("Wanda"))
                .findFirst()
                .ifPresent(pick::setValue));
        robot.clickOn("#retryEdited");
        waitFor(
                "nothing needs attention",
                () -> !visible(robot, "#attentionBadge") && !visible(robot, "#pendingBadge"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tablet.tickets().all())
                .anySatisfy(t -> assertThat(t.problem()).isEqualTo("Battery swells")));
    }

    @SuppressWarnings("unchecked")
    private void tourTheScreens(FxRobot robot) {
        robot.clickOn("#navRepairs");
        waitFor("board cards", () -> robot.lookup(".card").queryAll().size() >= 4);
        Screenshots.take(scene, "04-repairs-board");
        clickUntil(
                robot,
                () -> robot.lookup(".card")
                        .match(card -> labels(card).contains("Grace Hopper"))
                        .<Node>query(),
                () -> robot.lookup("#move-diagnosing")
                        .tryQuery()
                        .map(Node::isVisible)
                        .orElse(false));
        waitFor("ticket detail", () -> visible(robot, "#move-diagnosing"));
        robot.clickOn("#move-diagnosing");
        waitFor("diagnosing", () -> text(robot, "#ticketStatus").equals("Diagnosing"));
        ComboBox<?> part = robot.lookup("#partItem").queryComboBox();
        robot.interact(() -> part.getItems().stream()
                .filter(item -> item.toString().contains("SCR-PX8"))
                .findFirst()
                .ifPresent(item -> ((ComboBox<Object>) part).setValue(item)));
        robot.clickOn("#usePart");
        waitFor(
                "part used and synced",
                () -> robot.lookup("#ticketParts .table-row-cell").queryAll().stream()
                                .anyMatch(r -> ((TableRow<?>) r).getItem() != null)
                        && !visible(robot, "#pendingBadge"));
        Screenshots.take(scene, "05-ticket-detail");
        robot.clickOn("#ticketBack");
        robot.clickOn("#ticketsList");
        Screenshots.take(scene, "10-repairs-list");

        robot.clickOn("#navInventory");
        waitFor("inventory rows", () -> robot.lookup(".low-stock").tryQuery().isPresent());
        Screenshots.take(scene, "06-inventory");
        clickRow(robot, "#inventoryTable", (InventoryItem i) -> i.sku().equals("BAT-IP13"));
        javafx.scene.control.Spinner<Integer> delta =
                robot.lookup("#stockDelta").query();
        robot.interact(() -> delta.getValueFactory().setValue(5));
        robot.clickOn("#adjustStock");
        waitFor("battery restocked", () -> text(robot, "#lowStockSummary").startsWith("1 item"));

        robot.clickOn("#navAppointments");
        waitFor(
                "appointments",
                () -> robot.lookup(".appointment-scheduled").tryQuery().isPresent()
                        || robot.lookup(".appointment-confirmed").tryQuery().isPresent());
        Screenshots.take(scene, "07-appointments-week");
        ComboBox<Customer> customer = robot.lookup("#appointmentCustomer").queryComboBox();
        robot.interact(() -> customer.getItems().stream()
                .filter(c -> c.firstName().equals("Grace"))
                .findFirst()
                .ifPresent(customer::setValue));
        robot.interact(
                () -> robot.lookup("#appointmentTime").queryAs(TextField.class).clear());
        robot.clickOn("#appointmentTime").write("08:30");
        robot.clickOn("#bookAppointment");
        waitFor("Grace booked", () -> appointmentCard(robot, "Grace Hopper", "08:30") != null);
        clickUntil(
                robot,
                () -> appointmentCard(robot, "Grace Hopper", "08:30"),
                () -> !robot.lookup("#rescheduleAppointment").query().isDisabled());
        robot.interact(
                () -> robot.lookup("#appointmentTime").queryAs(TextField.class).clear());
        robot.clickOn("#appointmentTime").write("09:15");
        robot.clickOn("#rescheduleAppointment");
        waitFor("Grace rescheduled", () -> appointmentCard(robot, "Grace Hopper", "09:15") != null);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(tablet.appointments().all()).anySatisfy(a -> assertThat(
                                a.startsAt().atZone(ZoneId.systemDefault()).toLocalTime())
                        .isEqualTo(java.time.LocalTime.of(9, 15))));
        robot.clickOn("#appointmentsDay");
        waitFor(
                "today's appointments as a day",
                () -> robot.lookup("#appointmentTable .table-row-cell").queryAll().stream()
                        .anyMatch(r -> ((TableRow<?>) r).getItem() != null));
    }

    /**
     * Clicks a node found afresh each time until the click took effect: a live reload may replace
     * the node between finding and clicking it, and a person would simply click again.
     */
    private static void clickUntil(FxRobot robot, Callable<Node> find, Callable<Boolean> took) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                if (onFx(took)) {
                    return;
                }
                Node node = onFx(find);
                if (node != null && node.getScene() != null) {
                    robot.clickOn(node);
                }
                WaitForAsyncUtils.waitForFxEvents();
                if (onFx(took)) {
                    return;
                }
            } catch (Exception replacedMeanwhile) {
                // found again on the next attempt
            }
        }
        waitFor("click took effect", took);
    }

    private static Node appointmentCard(FxRobot robot, String customer, String time) {
        return robot.lookup(".week-column .card").queryAll().stream()
                .filter(card -> labels(card).contains(customer) && labels(card).contains(time))
                .findFirst()
                .orElse(null);
    }

    private static java.util.List<String> labels(Node node) {
        return node.lookupAll(".label").stream().map(l -> ((Label) l).getText()).toList();
    }

    private void lockOutWithWrongPins(FxRobot robot) {
        String acting = text(robot, "#currentEmployee");
        robot.clickOn("#switchEmployee");
        pickPerson(robot, "Tom");
        for (int wrong = 1; wrong <= 5; wrong++) {
            typePin(robot, "9999");
            int tries = 5 - wrong;
            waitFor("feedback on wrong PIN " + wrong, () -> text(robot, "#pinMessage")
                    .contains(tries == 0 ? "locked" : tries + " tries left"));
        }
        assertThat(text(robot, "#pinMessage")).contains("PIN entry is locked for 30 s");
        assertThat(robot.lookup("#pin-1").query().isDisabled())
                .as("the pad is locked")
                .isTrue();
        robot.clickOn("#pinCancel");
        assertThat(text(robot, "#currentEmployee")).isEqualTo(acting);
    }

    /**
     * The desk started again is locked; a wrong PIN keeps it locked, the right one opens it; idle
     * time locks it again, input puts that off; a manager whose PIN got too short by a promotion
     * chooses a new one, typed twice.
     */
    private void lockTheDesk(FxRobot robot) {
        String tom = tablet.employees().active().stream()
                .filter(e -> e.firstName().equals("Tom"))
                .findFirst()
                .orElseThrow()
                .id();
        tablet.syncNow();
        String oldHash = tablet.employees().get(tom).orElseThrow().pinHash();
        tablet.employees().update(tom, Map.of("role", "manager")); // his 4-digit PIN is now too short
        tablet.syncNow();
        robot.interact(() -> {
            window.close();
            backend.close();
            backend = new DeskBackend(deskDir, fast());
            window = new DeskWindow(backend, new DeskMain.Options(deskDir, proxy.url(), false, null, null), idle, null);
            scene = DeskApp.scene(window);
            shown = scene;
            stage.setScene(scene);
        });
        waitFor("locked at start", () -> window.locked() && visible(robot, "#pinEnter"));
        assertThat(visible(robot, "#deskShell")).as("the shop's data is hidden").isFalse();
        assertThat(visible(robot, "#pinCancel")).as("no way around the PIN").isFalse();
        Screenshots.take(scene, "11-locked");

        pickPerson(robot, "Owner");
        typePin(robot, "999999");
        waitFor("wrong PIN refused", () -> text(robot, "#pinMessage").contains("Wrong PIN"));
        assertThat(window.locked()).isTrue();
        typePin(robot, "135790");
        waitFor("unlocked as the owner", () -> !window.locked() && visible(robot, "#deskShell"));
        waitFor("owner acting", () -> text(robot, "#currentEmployee").startsWith("Owner"));

        idle.advance(Duration.ofMinutes(4));
        robot.moveTo("#syncStatus"); // input: the idle time starts again
        idle.advance(Duration.ofMinutes(4));
        robot.interact(window::checkIdle);
        assertThat(window.locked()).as("8 minutes, but input after 4").isFalse();
        idle.advance(Duration.ofMinutes(1).plusSeconds(1));
        robot.interact(window::checkIdle);
        waitFor("locked after 5 idle minutes", () -> window.locked() && !visible(robot, "#deskShell"));

        pickPerson(robot, "Tom");
        typePin(robot, "2468");
        waitFor("asked for a new PIN", () -> text(robot, "#pinMessage").contains("at least 6 digits"));
        typePin(robot, "583920");
        waitFor("asked again", () -> text(robot, "#pinMessage").contains("again"));
        typePin(robot, "583921");
        waitFor("the two differ", () -> text(robot, "#pinMessage").contains("differ"));
        assertThat(window.locked()).isTrue();
        typePin(robot, "583920");
        waitFor("asked again", () -> text(robot, "#pinMessage").contains("again"));
        typePin(robot, "583920");
        waitFor(
                "unlocked as Tom",
                () -> !window.locked() && text(robot, "#currentEmployee").startsWith("Tom"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            tablet.syncNow();
            assertThat(tablet.employees().get(tom).orElseThrow().pinHash())
                    .as("Tom's new PIN synced as his own change")
                    .isNotEqualTo(oldHash);
        });
        tablet.switchEmployee(tom, "583920");
        assertThat(tablet.actingEmployee()).isEqualTo(tom);
        waitFor("the desk shows Tom acting on the tablet", () -> text(robot, "#presence")
                .contains("Workshop tablet (Tom)"));
    }

    /** Runs a step and prints when it finished, so a slow run shows where the time went. */
    private static void step(long start, String name, Runnable step) {
        step.run();
        System.out.printf("DeskIT: %-18s done at %5.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------ like a person, with a robot

    private static FxRobot robot() {
        return new FxRobot();
    }

    private static void pickPerson(FxRobot robot, String firstName) {
        waitFor("people on the PIN pad", () -> robot.lookup("#pinPeople .list-cell").queryAll().stream()
                .anyMatch(c -> text((ListCell<?>) c).startsWith(firstName)));
        robot.clickOn(robot.lookup("#pinPeople .list-cell")
                .match(c -> text((ListCell<?>) c).startsWith(firstName))
                .<Node>query());
    }

    private static String text(ListCell<?> cell) {
        return cell.getText() == null ? "" : cell.getText();
    }

    private static void typePin(FxRobot robot, String pin) {
        for (char digit : pin.toCharArray()) {
            robot.clickOn("#pin-" + digit);
        }
        robot.clickOn("#pinEnter");
    }

    @SuppressWarnings("unchecked")
    private static <T> void clickRow(FxRobot robot, String table, Predicate<T> match) {
        waitFor("row in " + table, () -> findRow(robot, table, match) != null);
        clickUntil(robot, () -> findRow(robot, table, match), () -> selected(robot, table, match));
    }

    @SuppressWarnings("unchecked")
    private static <T> boolean selected(FxRobot robot, String table, Predicate<T> match) {
        Object item = robot.lookup(table)
                .queryAs(javafx.scene.control.TableView.class)
                .getSelectionModel()
                .getSelectedItem();
        return item != null && match.test((T) item);
    }

    @SuppressWarnings("unchecked")
    private static <T> TableRow<?> findRow(FxRobot robot, String table, Predicate<T> match) {
        return robot.lookup(table + " .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() != null && match.test((T) r.getItem()))
                .findFirst()
                .orElse(null);
    }

    private static <T> SyncStatus rowStatus(FxRobot robot, String table, Predicate<T> match) {
        TableRow<?> row = findRow(robot, table, match);
        if (row == null) {
            return null;
        }
        return row.lookupAll(".sync-icon").stream()
                .map(n -> (SyncStatus) n.getUserData())
                .findFirst()
                .orElse(null);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    private static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query)
                .tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null)
                .orElse(false);
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> onFx(condition));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            if (shown != null) {
                Screenshots.take(shown, "failed-" + what.replace(' ', '-'));
            }
            throw e;
        }
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
