package com.repairsync.desk;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a UI test does like a person, on any desk window: wait for something to show (a screenshot
 * of the window when it never does), click a row until it is selected, read a label. Reads run on
 * the JavaFX thread.
 */
final class DeskRobot {
    private final FxRobot robot;
    private final Duration patience;
    private final Callable<Scene> shown;
    private final String name;

    /**
     * @param shown the window to photograph when a wait fails
     * @param name the test's name, for that screenshot's file
     */
    DeskRobot(FxRobot robot, Duration patience, Callable<Scene> shown, String name) {
        this.robot = robot;
        this.patience = patience;
        this.shown = shown;
        this.name = name;
    }

    FxRobot fx() {
        return robot;
    }

    void waitFor(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> onFx(condition));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            try {
                Scene scene = shown.call();
                if (scene != null) {
                    Screenshots.take(scene, "failed-" + name + "-" + what.replace(' ', '-'));
                }
            } catch (Exception screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        }
    }

    /**
     * Clicks a node found afresh each time until the click took effect: a live reload may replace
     * the node between finding and clicking it, and a person would simply click again.
     */
    void clickUntil(Callable<Node> find, Callable<Boolean> took) {
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
            } catch (Exception replacedMeanwhile) {
                // found again on the next attempt
            }
        }
        waitFor("click took effect", took);
    }

    /** Selects the first row of a table whose item matches. */
    <T> void clickRow(String table, Predicate<T> match) {
        waitFor("row in " + table, () -> findRow(table, match) != null);
        clickUntil(() -> findRow(table, match), () -> selected(table, match));
    }

    @SuppressWarnings("unchecked")
    <T> boolean selected(String table, Predicate<T> match) {
        Object item =
                robot.lookup(table).queryAs(TableView.class).getSelectionModel().getSelectedItem();
        return item != null && match.test((T) item);
    }

    @SuppressWarnings("unchecked")
    <T> TableRow<?> findRow(String table, Predicate<T> match) {
        return robot.lookup(table + " .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() != null && match.test((T) r.getItem()))
                .findFirst()
                .orElse(null);
    }

    /** The items a table shows now. */
    @SuppressWarnings("unchecked")
    <T> List<T> items(String table) throws Exception {
        return onFx(
                () -> List.copyOf(robot.lookup(table).queryAs(TableView.class).getItems()));
    }

    String text(String query) {
        return robot.lookup(query).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    /** The texts of the labels under a node (matched by a query), in order. */
    List<String> labels(String query) {
        return robot.lookup(query).queryAll().stream()
                .flatMap(n -> n.lookupAll(".label").stream())
                .map(l -> ((Label) l).getText())
                .toList();
    }

    boolean visible(String query) {
        return robot.lookup(query)
                .tryQuery()
                .map(n -> n.isVisible()
                        && n.getScene() != null
                        && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing())
                .orElse(false);
    }

    static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    /**
     * Joins the Desk as the shop's owner on its join form and waits for the sample customers:
     * inputs are filled at once ({@link #fill}), not typed key by key.
     */
    void joinAsOwner(com.repairsync.server.testing.Shop shop) {
        waitFor("join form", () -> robot.lookup("#joinEmail").tryQuery().isPresent());
        fill("#joinEmail", shop.adminEmail());
        fill("#joinPassword", com.repairsync.server.testing.TestServer.PASSWORD);
        robot.clickOn("#joinButton");
        waitFor(
                "customers after join",
                () -> findRow("#customerTable", (com.repairsync.client.records.Customer c) -> c.firstName()
                                .equals("Ada"))
                        != null);
    }

    /**
     * Clicks into a text input and puts the text in as typing would, at once: typing key by key
     * costs the robot a round trip to the JavaFX thread per character.
     */
    void fill(String query, String text) {
        robot.clickOn(query);
        robot.interact(() -> robot.lookup(query)
                .queryAs(javafx.scene.control.TextInputControl.class)
                .replaceSelection(text));
    }

    /** One step of a long UI test. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs a step and prints when it finished, so a slow run shows where the time went. */
    void step(long start, String step, Step run) throws Exception {
        run.run();
        System.out.printf("%s: %-18s done at %5.1f s%n", name, step, (System.nanoTime() - start) / 1e9);
    }
}
