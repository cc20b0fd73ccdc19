package com.repairsync.desk.ui;

import com.repairsync.client.HistoryText;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.records.RecordHistory;
import com.repairsync.desk.backend.DeskBackend;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A record's history as sentences, newest first ("Ada Lovelace changed estimate from 120.00 to
 * 149.00 on Front desk, 10:42"), a page at a time with "Show older". It asks the server, on the
 * backend's network thread; while the server cannot be reached a manager's or admin's desk answers
 * from the recent history it keeps, and the panel says so ("Offline copy: the last 30 days"). A
 * failure is shown in the panel, in words.
 *
 * <p>Showing the same record again (a live reload after a sync) reads as many entries as are shown
 * from the newest again, so a new change appears at the top and the older pages stay; reloads that
 * come while a request is on its way are read once, after it. A reply to an earlier request is
 * dropped.
 */
final class HistoryPanel {
    /** Entries a page holds. */
    static final int PAGE = 20;

    /** The most entries the panel reads again at once (the server's page maximum). */
    static final int MOST = 200;

    private final DeskContext ctx;
    private final VBox lines = new VBox(3);
    private final Label source = new Label();
    private final Label problem = new Label();
    private final Button more = Fx.button("Show older", "historyMore");
    private final VBox view;
    private final List<String> shown = new ArrayList<>();
    private String entity;
    private String recordId;
    private Long before;
    private long request;
    private int inFlight;
    private boolean again;

    HistoryPanel(DeskContext ctx) {
        this.ctx = ctx;
        lines.setId("historyLines");
        source.setId("historySource");
        source.getStyleClass().add("muted");
        problem.setId("historyProblem");
        problem.getStyleClass().add("reason");
        problem.setWrapText(true);
        more.setOnAction(e -> older());
        Button refresh = Fx.button("\u21bb", "historyRefresh");
        refresh.setOnAction(e -> refresh());
        Label title = new Label("History");
        title.getStyleClass().add("section-title");
        view = new VBox(6, Fx.bar(title, Fx.spacer(), source, refresh), problem, lines, Fx.bar(more));
        view.getStyleClass().add("history");
        view.setId("historyPanel");
        showing(false);
    }

    Node view() {
        return view;
    }

    /** Shows a record's history (null: none), or reads the same record's again from its newest entry. */
    void show(String entityName, String id) {
        boolean same = id != null && id.equals(recordId) && entityName.equals(entity);
        entity = entityName;
        recordId = id;
        if (!same) {
            request++;
            again = false;
            shown.clear();
            before = null;
            lines.getChildren().clear();
            source.setText("");
            problem.setText("");
            showing(false);
        }
        view.setVisible(id != null);
        view.setManaged(id != null);
        if (id == null) {
            return;
        }
        if (same && inFlight > 0) {
            again = true; // read once more when the replies are in, not once per live reload
            return;
        }
        load(null, same ? Math.min(MOST, Math.max(PAGE, shown.size())) : PAGE, true);
    }

    /** Reads the shown record's history again from its newest entry. */
    void refresh() {
        if (recordId != null) {
            show(entity, recordId);
        }
    }

    private void older() {
        if (recordId != null && before != null) {
            load(before, PAGE, false);
        }
    }

    private record Page(List<String> lines, Long before, RecordHistory.Source source, int windowDays) {}

    private void load(Long from, int limit, boolean fromNewest) {
        long asked = ++request;
        String type = entity;
        String id = recordId;
        if (shown.isEmpty()) {
            source.setText("Loading\u2026");
        }
        more.setDisable(true);
        inFlight++;
        ctx.backend
                .askServer(d -> {
                    RecordHistory page = DeskRecords.of(d, type).history(id, from, limit);
                    HistoryText text = HistoryText.of(d);
                    return new Page(
                            page.entries().stream().map(text::sentence).toList(),
                            page.before(),
                            page.source(),
                            page.windowDays());
                })
                .then(
                        page -> {
                            if (asked == request) {
                                render(page, fromNewest);
                            }
                            answered();
                        },
                        failure -> {
                            if (asked == request) {
                                failed(failure);
                            }
                            answered();
                        });
    }

    private void answered() {
        inFlight--;
        if (again && inFlight == 0) {
            again = false;
            refresh();
        }
    }

    private void render(Page page, boolean fromNewest) {
        if (fromNewest) {
            shown.clear();
            lines.getChildren().clear();
        }
        shown.addAll(page.lines());
        page.lines().forEach(text -> lines.getChildren().add(line(text)));
        before = page.before();
        problem.setText("");
        showing(true);
        if (shown.isEmpty()) {
            lines.getChildren().add(muted("No changes recorded yet."));
        }
        source.setText(
                page.source() == RecordHistory.Source.DEVICE
                        ? "Offline copy: the last " + page.windowDays() + " days"
                        : "");
        more.setVisible(before != null);
        more.setManaged(before != null);
        more.setDisable(false);
    }

    private void failed(Throwable failure) {
        source.setText("");
        more.setDisable(false);
        problem.setText(explain(failure));
        problem.setVisible(true);
        problem.setManaged(true);
    }

    /** A failure in words: the usual ones say what to do, any other shows the SDK's message. */
    static String explain(Throwable failure) {
        if (failure instanceof RecordNotFoundException) {
            return "The server has no history of this record yet: its changes show here once they have synced.";
        }
        if (DeskBackend.offline(failure)) {
            return "History needs the server, which cannot be reached now (only managers' and admins' desks keep"
                    + " the recent history offline).";
        }
        return "History could not be read: " + (failure.getMessage() == null ? failure : failure.getMessage());
    }

    private void showing(boolean loaded) {
        boolean failedNow = !problem.getText().isEmpty();
        problem.setVisible(failedNow);
        problem.setManaged(failedNow);
        more.setVisible(loaded && before != null);
        more.setManaged(loaded && before != null);
    }

    private static Label line(String text) {
        Label line = new Label(text);
        line.getStyleClass().add("history-line");
        line.setWrapText(true);
        return line;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }
}
