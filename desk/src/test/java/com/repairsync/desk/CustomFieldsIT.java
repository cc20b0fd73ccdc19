package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Ticket;
import com.repairsync.desk.backend.FxGuard;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.server.testing.Shop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
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
 * A shop's own fields at the desk, headless against a real server: the owner declares two fields
 * on repairs in the field editor (a name of a built-in field is refused next to the name, a
 * required text field and a choice field are added); the check-in form shows them, refuses a new
 * repair without the required one (next to it) and checks it in with both; the repairs list shows
 * a column per field with the values; the workshop tablet receives the declarations and the values,
 * and its edit of a value shows on the desk by itself; a removed field's column goes. Takes the
 * screenshots 22 to 24 of docs/desk.
 */
@ExtendWith(ApplicationExtension.class)
class CustomFieldsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static TabletShop joined;
    private static Shop shop;
    private static RepairSyncDevice tablet;
    private static Scene shown;
    private DeskStage.Shown desk;

    @BeforeAll
    static void shopWithSampleData() throws Exception {
        joined = TabletShop.start("desk-fields-tablet");
        shop = joined.shop();
        tablet = joined.tablet();
    }

    @AfterAll
    static void stopServer() {
        joined.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        desk = DeskStage.showFor(stage, joined, "desk-fields-desk");
        shown = desk.scene();
    }

    @Stop
    void stop() {
        desk.close();
    }

    @Test
    void theOwnerDeclaresFieldsAndARepairCarriesThemToTheTablet(FxRobot fx) throws Exception {
        DeskRobot robot = new DeskRobot(fx, PATIENCE, () -> shown, "fields");
        long start = System.nanoTime();
        robot.step(start, "join", () -> join(robot));
        robot.step(start, "declare", () -> declareTwoFields(robot));
        robot.step(start, "check in", () -> checkInWithTheFields(robot));
        robot.step(start, "list", () -> theListShowsTheValues(robot));
        robot.step(start, "detail", () -> changeOneOnTheRepair(robot));
        robot.step(start, "tablet", () -> theTabletGetsThemAndEditsOne(robot));
        robot.step(start, "remove", () -> aRemovedFieldLeavesTheList(robot));
        assertThat(FxGuard.violations())
                .as("SDK or network calls made on the JavaFX thread")
                .isZero();
    }

    private static void join(DeskRobot robot) {
        robot.joinAsOwner(shop);
        robot.waitFor("the owner acting", () -> robot.visible("#navFields"));
    }

    /** A built-in name is refused next to the name; then accessories (required text) and condition (a choice). */
    private static void declareTwoFields(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navFields");
        robot.waitFor("the field editor", () -> robot.visible("#fieldName"));
        fx.clickOn("#fieldName").write("problem"); // typed key by key, once
        robot.fill("#fieldLabel", "Problem again");
        fx.clickOn("#addField");
        robot.waitFor("the name refused next to it", () -> robot.text("#fieldName-error")
                .contains("built-in"));
        assertThat(robot.<CustomField>items("#fieldTable"))
                .as("nothing declared")
                .isEmpty();

        replace(fx, "#fieldName", "accessories");
        replace(fx, "#fieldLabel", "Accessories left");
        fx.clickOn("#fieldRequired");
        fx.clickOn("#addField");
        robot.waitFor("accessories declared", () -> fieldNames(robot).contains("accessories"));
        assertThat(robot.text("#fieldName-error")).isEmpty();

        robot.fill("#fieldName", "condition");
        robot.fill("#fieldLabel", "Condition");
        fx.clickOn("#fieldType");
        robot.clickUntil(() -> cell(fx, "Choice"), () -> "choice".equals(typeChosen(fx)));
        robot.fill("#fieldChoices", "Like new\nScratched\nCracked");
        fx.clickOn("#addField");
        robot.waitFor("condition declared", () -> fieldNames(robot).contains("condition"));
        Screenshots.take(shown, "22-field-editor");
    }

    /** The check-in form shows both; without the required one it is refused next to it. */
    private static void checkInWithTheFields(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navCustomers");
        robot.clickRow("#customerTable", (Customer c) -> c.firstName().equals("Ada"));
        robot.waitFor("the fields on the check-in form", () -> robot.visible("#ticketCustom-accessories"));
        assertThat(robot.labels("#ticketCustom")).contains("Accessories left *", "Condition");
        robot.fill("#ticketModel", "Pixel 7");
        robot.fill("#ticketProblem", "Cracked screen");
        fx.clickOn("#createTicket");
        robot.waitFor("the required field named", () -> robot.text("#ticketCustom-accessories-error")
                .contains("Accessories left is required"));

        robot.fill("#ticketCustom-accessories", "charger, case");
        fx.clickOn("#ticketCustom-condition");
        robot.clickUntil(() -> cell(fx, "Scratched"), () -> "Scratched".equals(choice(fx, "#ticketCustom-condition")));
        Screenshots.take(shown, "23-check-in-custom-fields");
        fx.clickOn("#createTicket");
        robot.waitFor("checked in", () -> robot.text("#notice").startsWith("Repair checked in"));
        assertThat(robot.text("#ticketCustom-accessories-error")).isEmpty();
    }

    private static void theListShowsTheValues(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navRepairs");
        fx.clickOn("#ticketsList");
        robot.waitFor(
                "the values in the list",
                () -> cellText(fx, "column-custom-accessories", "Cracked screen")
                                .equals("charger, case")
                        && cellText(fx, "column-custom-condition", "Cracked screen")
                                .equals("Scratched"));
        robot.waitFor("synced", () -> !robot.visible("#pendingBadge"));
        Screenshots.take(shown, "24-repairs-list-custom-fields");
    }

    /** The repair's detail shows both values to edit; the condition changes to Cracked. */
    private static void changeOneOnTheRepair(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        robot.waitFor("the repair's row", () -> repairRow(robot) != null);
        fx.doubleClickOn(DeskRobot.onFx(() -> repairRow(robot)));
        robot.waitFor(
                "the values to edit",
                () -> "charger, case"
                                .equals(fx.lookup("#ticketCustomEdit-accessories")
                                        .queryAs(TextInputControl.class)
                                        .getText())
                        && "Scratched".equals(choice(fx, "#ticketCustomEdit-condition")));
        fx.clickOn("#ticketCustomEdit-condition");
        robot.clickUntil(() -> cell(fx, "Cracked"), () -> "Cracked".equals(choice(fx, "#ticketCustomEdit-condition")));
        fx.clickOn("#saveTicket");
        robot.waitFor("saved", () -> robot.text("#notice").equals("Repair saved"));
        Screenshots.take(shown, "25-repair-custom-fields");
        fx.clickOn("#ticketBack");
    }

    private static Node repairRow(DeskRobot robot) {
        return robot.findRow("#ticketTable", (Ticket t) -> "Cracked screen".equals(t.problem()));
    }

    /** The tablet has both declarations and values; its edit of one shows on the desk by itself. */
    private static void theTabletGetsThemAndEditsOne(DeskRobot robot) throws Exception {
        await("the tablet has the fields and the repair's values")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> tablet.customFields().active("tickets").stream()
                                .map(CustomField::name)
                                .toList()
                                .equals(List.of("accessories", "condition"))
                        && tabletRepair() != null
                        && "charger, case".equals(tabletRepair().custom().get("accessories"))
                        && "Cracked".equals(tabletRepair().custom().get("condition")));
        tablet.tickets().update(tabletRepair().id(), Map.of("custom", Map.of("accessories", "charger only")));
        robot.waitFor("the tablet's edit on the desk", () -> cellText(
                        robot.fx(), "column-custom-accessories", "Cracked screen")
                .equals("charger only"));
    }

    private static void aRemovedFieldLeavesTheList(DeskRobot robot) throws Exception {
        FxRobot fx = robot.fx();
        fx.clickOn("#navFields");
        robot.clickRow("#fieldTable", (CustomField f) -> f.name().equals("condition"));
        fx.clickOn("#toggleRemoved");
        robot.waitFor("condition removed", () -> robot.<CustomField>items("#fieldTable").stream()
                .anyMatch(f -> f.name().equals("condition") && f.removed()));
        fx.clickOn("#navRepairs");
        robot.waitFor("its column gone", () -> fx.lookup("#ticketTable").queryAs(TableView.class).getColumns().stream()
                .noneMatch(c -> "column-custom-condition".equals(((TableColumn<?, ?>) c).getId())));
        assertThat(DeskRobot.onFx(() -> cellText(fx, "column-custom-accessories", "Cracked screen")))
                .isEqualTo("charger only");
    }

    private static Ticket tabletRepair() {
        return tablet.tickets().all().stream()
                .filter(t -> "Cracked screen".equals(t.problem()))
                .findFirst()
                .orElse(null);
    }

    private static List<String> fieldNames(DeskRobot robot) throws Exception {
        return robot.<CustomField>items("#fieldTable").stream()
                .map(CustomField::name)
                .toList();
    }

    /** The text of a column's cell in the repairs list, in the row of the repair with this problem. */
    @SuppressWarnings("unchecked")
    private static String cellText(FxRobot fx, String columnId, String problem) {
        TableView<Ticket> table = fx.lookup("#ticketTable").queryAs(TableView.class);
        TableColumn<Ticket, ?> column = table.getColumns().stream()
                .filter(c -> columnId.equals(c.getId()))
                .findFirst()
                .orElse(null);
        if (column == null) {
            return "";
        }
        return table.getItems().stream()
                .filter(t -> problem.equals(t.problem()))
                .findFirst()
                .map(t -> String.valueOf(column.getCellData(t)))
                .orElse("");
    }

    private static Node cell(FxRobot fx, String text) {
        return fx.lookup(".combo-box-popup .list-cell").queryAll().stream()
                .filter(n -> text.equals(((ListCell<?>) n).getText()))
                .findFirst()
                .orElse(null);
    }

    private static String typeChosen(FxRobot fx) {
        Object value = fx.lookup("#fieldType").queryAs(ComboBox.class).getValue();
        return value == null ? null : ((com.repairsync.protocol.schema.CustomFieldType) value).wireName();
    }

    private static String choice(FxRobot fx, String query) {
        return (String) fx.lookup(query).queryAs(ComboBox.class).getValue();
    }

    private static void replace(FxRobot fx, String query, String text) {
        fx.clickOn(query);
        fx.interact(() -> fx.lookup(query).queryAs(TextInputControl.class).setText(text));
    }
}
