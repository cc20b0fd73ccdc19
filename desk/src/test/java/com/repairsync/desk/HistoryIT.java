package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.desk.backend.FxGuard;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
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

/**
 * Who changed what, at the desk, headless against a real server: a repair's History panel after
 * edits here (newest first, in words); two conflicts settled with "Keep mine" and "Keep theirs",
 * and what the shop ends up with; a customer the tablet deleted brought back from "Recently
 * deleted"; the audit opened from the employees list and narrowed to this desk; an admin erasing a
 * customer, confirmed with their password. Takes the screenshots 17 to 21 of docs/desk.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static TabletShop joined;
    private static TestServer server;
    private static Shop shop;
    private static TcpProxy proxy;
    private static RepairSyncDevice tablet;
    private static Scene shown;
    private DeskStage.Shown desk;

    @BeforeAll
    static void shopWithSampleData() throws Exception {
        joined = TabletShop.start("desk-history-tablet");
        server = joined.server();
        shop = joined.shop();
        proxy = joined.proxy();
        tablet = joined.tablet();
    }

    @AfterAll
    static void stopServer() {
        joined.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        desk = DeskStage.showFor(stage, joined, "desk-history-desk");
        shown = desk.scene();
    }

    @Stop
    void stop() {
        desk.close();
    }

    @Test
    void historyConflictChoicesUndeleteAuditAndErasure(FxRobot fx) throws Exception {
        DeskRobot robot = new DeskRobot(fx, PATIENCE, () -> shown, "history");
        long start = System.nanoTime();
        robot.step(start, "join", () -> robot.joinAsOwner(shop));
        robot.step(start, "history panel", () -> aRepairsHistoryAfterEdits(robot));
        robot.step(start, "conflict choices", () -> keepMineAndKeepTheirs(robot));
        robot.step(start, "undelete", () -> undeleteWhatTheTabletDeleted(robot));
        robot.step(start, "audit", () -> auditWhatTheOwnerDidHere(robot));
        robot.step(start, "erase", () -> eraseACustomer(robot));
        assertThat(FxGuard.violations())
                .as("SDK or network calls made on the JavaFX thread")
                .isZero();
    }

    /** The estimate and the status change here; the panel shows both, newest first, over the tablet's creation. */
    private static void aRepairsHistoryAfterEdits(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navRepairs");
        robot.waitFor("Ada's repair on the board", () -> repairCard(fx) != null);
        robot.clickUntil(() -> repairCard(fx), () -> robot.visible("#move-in_repair"));
        robot.waitFor(
                "the tablet's creation in the history",
                () -> historyLines(robot).size() == 1);
        assertThat(historyLines(robot).get(0)).contains("created this ticket");

        fx.interact(
                () -> fx.lookup("#ticketEstimateEdit").queryAs(TextField.class).clear());
        fx.clickOn("#ticketEstimateEdit").write("149.00");
        fx.clickOn("#saveTicket");
        robot.waitFor("saved", () -> robot.text("#notice").equals("Repair saved"));
        fx.clickOn("#move-in_repair");
        robot.waitFor("in repair", () -> robot.text("#ticketStatus").equals("In repair"));
        robot.waitFor(
                "both edits in the history, once synced",
                () -> historyLines(robot).size() == 3);
        List<String> lines = historyLines(robot);
        assertThat(lines.get(0)).contains("changed status from diagnosing to in repair on Front desk");
        assertThat(lines.get(1)).contains("changed estimate from 150.00 to 149.00 on Front desk");
        assertThat(lines.get(2)).contains("created this ticket");
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("Owner"));
        assertThat(robot.text("#historySource"))
                .as("the server's history, not the offline copy")
                .isEmpty();
        fx.interact(() -> scrollToBottom(fx.lookup("#historyPanel").query()));
        fx.interact(() -> scrollToBottom(fx.lookup("#historyPanel").query())); // again, once laid out
        Screenshots.take(shown, "17-history-panel");
        fx.clickOn("#ticketBack");
    }

    /**
     * Offline, the desk changes Alan's phone and e-mail; the tablet changes both a moment later and
     * wins. The desk keeps its phone (written again) and the tablet's e-mail.
     */
    private static void keepMineAndKeepTheirs(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        String alan = tablet.customers().search("Alan").get(0).id();
        fx.clickOn("#navCustomers");
        proxy.down();
        robot.waitFor("offline banner", () -> robot.visible("#offlineBanner"));
        robot.clickRow("#customerTable", (Customer c) -> c.firstName().equals("Alan"));
        replace(fx, "#customerPhone", "555-3333");
        replace(fx, "#customerEmail", "alan@desk.test");
        fx.clickOn("#saveCustomer");
        robot.waitFor("waiting to sync", () -> robot.text("#pendingBadge").equals("1"));
        tablet.customers().update(alan, Map.of("phone", "555-4444", "email", "alan@tablet.test"));
        tablet.syncNow();
        proxy.up();
        robot.waitFor("two conflicts", () -> robot.text("#attentionBadge").equals("2"));

        fx.clickOn("#navNeedsattention");
        robot.waitFor(
                "both conflicts with both values",
                () -> fx.lookup(".conflict-card").queryAll().size() == 2
                        && robot.labels("#conflictList").stream().anyMatch(l -> l.contains("555-4444"))
                        && robot.labels("#conflictList").stream().anyMatch(l -> l.contains("alan@desk.test")));
        Screenshots.take(shown, "18-conflict-choices");
        robot.clickUntil(
                () -> conflictButton(fx, "phone", "#keepMine"), () -> conflictButton(fx, "phone", "#keepMine") == null);
        robot.clickUntil(
                () -> conflictButton(fx, "email", "#keepTheirs"),
                () -> conflictButton(fx, "email", "#keepTheirs") == null);
        robot.waitFor(
                "nothing needs attention, nothing waits",
                () -> !robot.visible("#attentionBadge") && !robot.visible("#pendingBadge"));
        await("the shop has the desk's phone and the tablet's e-mail")
                .atMost(PATIENCE)
                .untilAsserted(() -> {
                    tablet.syncNow();
                    Customer now = tablet.customers().get(alan).orElseThrow();
                    assertThat(now.phone()).as("kept mine").isEqualTo("555-3333");
                    assertThat(now.email()).as("kept theirs").isEqualTo("alan@tablet.test");
                });
    }

    private static void undeleteWhatTheTabletDeleted(DeskRobot robot) {
        FxRobot fx = robot.fx();
        String larry = tablet.customers().search("Larry").get(0).id();
        tablet.customers().delete(larry);
        tablet.syncNow();
        fx.clickOn("#navRecentlydeleted");
        robot.waitFor("Larry, deleted, with his values", () -> rows(robot, "#deletedTable").stream()
                .anyMatch(row -> row.contains("entity=customers") && row.contains("Larry Leaving \u00b7 555-0199")));
        robot.clickRow("#deletedTable", (Object row) -> row.toString().contains("Larry Leaving"));
        Screenshots.take(shown, "19-recently-deleted");
        fx.clickOn("#undelete");
        robot.waitFor("brought back", () -> robot.text("#notice").startsWith("Brought back customer Larry Leaving"));
        robot.waitFor("no longer deleted", () -> rows(robot, "#deletedTable").stream()
                .noneMatch(row -> row.contains("Larry")));
        await("the tablet has Larry again").atMost(PATIENCE).untilAsserted(() -> {
            tablet.syncNow();
            assertThat(tablet.customers().get(larry)).isPresent();
        });
    }

    /**
     * From the employees list, "History" opens an employee's history in a window; "What they did"
     * opens the audit at the owner, then narrowed to this desk.
     */
    @SuppressWarnings("unchecked")
    private static void auditWhatTheOwnerDidHere(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navEmployees");
        robot.clickRow("#employeeTable", (Employee e) -> e.firstName().equals("Tom"));
        fx.clickOn("#employeeHistory");
        robot.waitFor(
                "Tom's history in a window",
                () -> fx.lookup("#historyWindow .history-line").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().contains("created this employee on Workshop tablet")));
        fx.clickOn("#historyClose");
        robot.waitFor("the window closed", () -> !robot.visible("#historyWindow"));
        robot.clickRow("#employeeTable", (Employee e) -> e.firstName().equals("Owner"));
        fx.clickOn("#whatTheyDid");
        robot.waitFor("the owner's changes, the estimate among them", () -> rows(robot, "#auditTable").stream()
                .anyMatch(row -> row.contains("changed estimate from 150.00 to 149.00")));
        ComboBox<Object> employee = fx.lookup("#auditEmployee").queryComboBox();
        assertThat(employee.getValue().toString()).startsWith("Owner");

        ComboBox<Object> device = fx.lookup("#auditDevice").queryComboBox();
        robot.waitFor("the shop's devices to filter by", () -> device.getItems().stream()
                .anyMatch(d -> d.toString().equals("Front desk")));
        fx.interact(() -> device.getItems().stream()
                .filter(d -> d.toString().equals("Front desk"))
                .findFirst()
                .ifPresent(device::setValue));
        fx.clickOn("#auditShow");
        robot.waitFor(
                "only what came from this desk",
                () -> rows(robot, "#auditTable").stream().anyMatch(row -> row.contains("restored this customer"))
                        && rows(robot, "#auditTable").stream().allMatch(row -> row.contains("device=Front desk")));
        List<String> rows = rows(robot, "#auditTable");
        assertThat(rows)
                .as("newest first: the restore, the phone kept, the status, the estimate (the lost edit wrote none)")
                .hasSize(4);
        assertThat(rows.get(0)).contains("restored this customer");
        assertThat(rows.get(1)).contains("phone from \"555-4444\" to \"555-3333\"");
        assertThat(rows.get(2)).contains("changed status from diagnosing to in repair");
        assertThat(rows.get(3)).contains("changed estimate from 150.00 to 149.00");
        Screenshots.take(shown, "20-audit");
    }

    /** An admin erases Linus: the dialog says what goes and what stays; the tablet loses his details too. */
    private static void eraseACustomer(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        String linus = tablet.customers().search("Linus").get(0).id();
        fx.clickOn("#navCustomers");
        robot.clickRow("#customerTable", (Customer c) -> c.firstName().equals("Linus"));
        fx.clickOn("#eraseCustomer");
        robot.waitFor("the confirmation", () -> robot.visible("#eraseDialog"));
        assertThat(robot.text("#eraseRemoved")).contains("photos, signatures");
        assertThat(robot.text("#eraseKept")).contains("estimates, final prices");
        assertThat(fx.lookup("#confirmErase").query().isDisabled())
                .as("not without the password")
                .isTrue();
        fx.clickOn("#erasePassword").write(TestServer.PASSWORD);
        Screenshots.take(fx.lookup("#eraseDialog").query().getScene(), "21-erase-customer");
        fx.clickOn("#confirmErase");
        robot.waitFor("the result", () -> robot.text("#erasureResult")
                .startsWith("Erased Linus Torvalds's personal details from"));
        await("the tablet erased its copy").atMost(PATIENCE).untilAsserted(() -> {
            tablet.syncNow();
            Customer erased = tablet.customers().get(linus).orElseThrow();
            assertThat(erased.lastName()).isNull();
            assertThat(erased.phone()).isNull();
        });
        robot.waitFor(
                "the desk's copy erased",
                () -> robot.findRow("#customerTable", (Customer c) -> c.id().equals(linus) && c.phone() == null)
                        != null);
    }

    // ------------------------------------------------------------------ helpers

    /** A table's rows as text (their types are the UI's own records, whose text names every column). */
    private static List<String> rows(DeskRobot robot, String table) throws Exception {
        return robot.<Object>items(table).stream().map(Object::toString).toList();
    }

    private static List<String> historyLines(DeskRobot robot) {
        return robot.fx().lookup(".history-line").queryAllAs(Label.class).stream()
                .filter(l -> l.getScene() != null)
                .map(Label::getText)
                .toList();
    }

    private static Node repairCard(FxRobot fx) {
        return fx.lookup(".card")
                .match(card -> labelsOf(card).contains("Does not power on"))
                .tryQuery()
                .orElse(null);
    }

    private static Node conflictButton(FxRobot fx, String field, String button) {
        return fx.lookup(".conflict-card").queryAll().stream()
                .filter(card -> labelsOf(card).stream().anyMatch(l -> l.endsWith("\u00b7 " + field)))
                .map(card -> card.lookup(button))
                .findFirst()
                .orElse(null);
    }

    private static List<String> labelsOf(Node node) {
        return node.lookupAll(".label").stream().map(l -> ((Label) l).getText()).toList();
    }

    private static void replace(FxRobot fx, String field, String text) {
        fx.interact(() -> fx.lookup(field).queryAs(TextField.class).clear());
        fx.clickOn(field).write(text);
    }

    private static void scrollToBottom(Node node) {
        for (Parent up = node.getParent(); up != null; up = up.getParent()) {
            if (up instanceof ScrollPane scroll) {
                scroll.setVvalue(scroll.getVmax());
                return;
            }
        }
    }
}
