package com.repairsync.desk.ui;

import com.repairsync.client.Conflict;
import com.repairsync.client.ConflictChoice;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.records.Customer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Changes the server refused, with its reason: edit and retry, retry as is, or discard (the record
 * shows the shop's version again). Conflicts: what this desk wrote and what won; keep mine (written
 * again as a new change) or keep theirs.
 */
final class AttentionScreen implements Screen {
    private final DeskContext ctx;
    private final VBox failedList = new VBox(10);
    private final VBox conflictList = new VBox(10);
    private final ScrollPane view;
    private List<Object> lastShown;

    AttentionScreen(DeskContext ctx) {
        this.ctx = ctx;
        failedList.setId("failedList");
        conflictList.setId("conflictList");
        Label failedTitle = Fx.title("Needs attention");
        Label conflictsTitle = new Label("Conflicts: your edit lost to a later one");
        conflictsTitle.getStyleClass().add("section-title");
        Label failedSub = new Label("Changes the server refused");
        failedSub.getStyleClass().add("section-title");
        VBox content = new VBox(10, failedTitle, failedSub, failedList, conflictsTitle, conflictList);
        content.getStyleClass().add("pane");
        view = new ScrollPane(content);
        view.setFitToWidth(true);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Set<String> entities() {
        return Set.of("*", "customers", "tickets", "ticketParts", "inventoryItems", "employees", "appointments");
    }

    @Override
    public void reload() {
        ctx.backend
                .call(d -> new Loaded(
                        d.failedMutations(), d.conflicts(), d.customers().all()))
                .then(this::render);
    }

    private record Loaded(List<FailedMutation> failed, List<Conflict> conflicts, List<Customer> customers) {}

    private void render(Loaded loaded) {
        // Rebuild only when the queue changed: a live reload must not wipe edits being typed.
        List<Object> shown = List.of(loaded.failed(), loaded.conflicts());
        if (shown.equals(lastShown)) {
            return;
        }
        lastShown = shown;
        failedList.getChildren().clear();
        if (loaded.failed().isEmpty()) {
            failedList.getChildren().add(muted("Nothing waiting: every change was accepted."));
        }
        loaded.failed().forEach(f -> failedList.getChildren().add(failedCard(f, loaded.customers())));
        conflictList.getChildren().clear();
        if (loaded.conflicts().isEmpty()) {
            conflictList.getChildren().add(muted("No conflicts."));
        }
        loaded.conflicts().forEach(c -> conflictList.getChildren().add(conflictCard(c, loaded.customers())));
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    private Node failedCard(FailedMutation failed, List<Customer> customers) {
        Label what = new Label(Fx.label(DeskRecords.singular(failed.entity())) + " \u00b7 " + verb(failed.op())
                + " \u00b7 " + summary(failed.fields(), customers));
        what.getStyleClass().add("card-title");
        Label why = new Label("Refused (" + failed.code() + "): " + failed.message());
        why.getStyleClass().add("reason");
        why.setWrapText(true);
        GridPane edits = Fx.form();
        Map<String, java.util.function.Supplier<Object>> editors = new HashMap<>();
        Map<String, java.util.function.Supplier<Object>> customEditors = new HashMap<>();
        Map<?, ?> customValues = failed.fields().get("custom") instanceof Map<?, ?> custom ? custom : Map.of();
        if ("upsert".equals(failed.op())) {
            failed.fields().forEach((name, value) -> {
                if (name.equals("custom")) {
                    // The shop's own fields: one input each, named custom.<name> as the server names them.
                    customValues.forEach((key, custom) -> {
                        String field = "custom." + key;
                        if (custom == null || custom instanceof String || custom instanceof Number) {
                            TextField input = new TextField(custom == null ? "" : custom.toString());
                            input.setId("edit-" + field);
                            customEditors.put(String.valueOf(key), () -> edited(custom, input.getText()));
                            Fx.row(edits, field.equals(failed.field()) ? field + " \u26a0" : field, input);
                        }
                    });
                } else if (name.equals("customerId")) {
                    ComboBox<Customer> pick = customerPicker(customers, value);
                    pick.setId("edit-" + name);
                    editors.put(
                            name,
                            () -> pick.getValue() == null
                                    ? value
                                    : pick.getValue().id());
                    Fx.row(edits, caption(name, failed), pick);
                } else if (value == null || value instanceof String || value instanceof Number) {
                    TextField field = new TextField(value == null ? "" : value.toString());
                    field.setId("edit-" + name);
                    editors.put(name, () -> edited(value, field.getText()));
                    Fx.row(edits, caption(name, failed), field);
                }
            });
        }
        Button retryEdited = Fx.button("Save edits and retry", "retryEdited");
        retryEdited.setOnAction(e -> {
            Map<String, Object> changed = new HashMap<>();
            editors.forEach((name, read) -> {
                Object now = read.get();
                if (!java.util.Objects.equals(now, failed.fields().get(name))) {
                    changed.put(name, now);
                }
            });
            Map<String, Object> customChanged = new HashMap<>();
            customEditors.forEach((name, read) -> {
                Object now = read.get();
                if (!java.util.Objects.equals(String.valueOf(now), String.valueOf(customValues.get(name)))) {
                    customChanged.put(name, now);
                }
            });
            if (!customChanged.isEmpty()) {
                changed.put("custom", customChanged);
            }
            ctx.backend
                    .run(d -> d.retry(failed.mutationId(), changed))
                    .then(ok -> done("Queued again with your edits"), ctx::failed);
        });
        boolean editable = !editors.isEmpty() || !customEditors.isEmpty();
        retryEdited.setVisible(editable);
        retryEdited.setManaged(editable);
        Button retry = Fx.button("Retry as is", "retry");
        retry.setOnAction(
                e -> ctx.backend.run(d -> d.retry(failed.mutationId())).then(ok -> done("Queued again"), ctx::failed));
        Button discard = Fx.button("Discard", "discard");
        discard.getStyleClass().add("danger");
        discard.setOnAction(e -> ctx.backend
                .run(d -> d.discard(failed.mutationId()))
                .then(ok -> done("Discarded; the shop's version is back"), ctx::failed));
        VBox card = new VBox(
                6,
                Fx.bar(Fx.statusIcon(com.repairsync.client.SyncStatus.FAILED), what),
                why,
                edits,
                Fx.bar(retryEdited, retry, discard));
        card.getStyleClass().addAll("card", "failed-card");
        return card;
    }

    /** "customerId" as "Customer", "deviceType" as "Device type", with a mark on the refused field. */
    private static String caption(String field, FailedMutation failed) {
        String words = field.replaceAll("Id$", "")
                .replaceAll("Cents$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
        String caption = Character.toUpperCase(words.charAt(0)) + words.substring(1);
        return field.equals(failed.field()) ? caption + " \u26a0" : caption;
    }

    private static Object edited(Object before, String text) {
        if (before instanceof Number) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text.isBlank() ? null : text;
    }

    private ComboBox<Customer> customerPicker(List<Customer> customers, Object current) {
        ComboBox<Customer> pick = new ComboBox<>();
        pick.getItems().setAll(customers);
        pick.setPromptText("Customer no longer exists; pick another");
        pick.setConverter(new StringConverter<>() {
            @Override
            public String toString(Customer c) {
                return c == null
                        ? ""
                        : (c.firstName() + " " + Fx.text(c.lastName()) + "  " + Fx.text(c.phone())).trim();
            }

            @Override
            public Customer fromString(String text) {
                return null;
            }
        });
        customers.stream().filter(c -> c.id().equals(current)).findFirst().ifPresent(pick::setValue);
        return pick;
    }

    private Node conflictCard(Conflict conflict, List<Customer> customers) {
        String whose = customers.stream()
                .filter(c -> c.id().equals(conflict.recordId()))
                .map(c -> " " + c.firstName() + " " + Fx.text(c.lastName()))
                .findFirst()
                .orElse("");
        Label what = new Label(Fx.label(DeskRecords.singular(conflict.entity())) + whose.stripTrailing() + " \u00b7 "
                + conflict.field());
        what.getStyleClass().add("card-title");
        Label mine = new Label("You wrote: " + conflict.localValue());
        mine.getStyleClass().add("conflict-mine");
        Label won = new Label("What the shop has now: " + conflict.winningValue());
        won.getStyleClass().addAll("reason", "conflict-theirs");
        Button keepMine = Fx.button("Keep mine", "keepMine");
        keepMine.setTooltip(new javafx.scene.control.Tooltip("Write your value again, as a new change"));
        keepMine.setOnAction(e -> resolve(conflict, ConflictChoice.KEEP_MINE, "Kept yours: it syncs as a new change"));
        Button keepTheirs = Fx.button("Keep theirs", "keepTheirs");
        keepTheirs.setTooltip(new javafx.scene.control.Tooltip("Keep what the shop has now"));
        keepTheirs.setOnAction(e -> resolve(conflict, ConflictChoice.KEEP_THEIRS, "Kept the shop's value"));
        VBox card = new VBox(4, what, mine, won, Fx.bar(keepMine, keepTheirs));
        card.getStyleClass().addAll("card", "conflict-card");
        card.setUserData(conflict.id());
        return card;
    }

    /** Keep mine writes the lost value again as a new change (refused while the record is deleted); keep theirs only closes it. */
    private void resolve(Conflict conflict, ConflictChoice choice, String notice) {
        ctx.backend.run(d -> d.resolveConflict(conflict.id(), choice)).then(ok -> done(notice), ctx::failed);
    }

    private void done(String notice) {
        ctx.notice(notice);
        reload();
    }

    private static String summary(Map<String, Object> fields, List<Customer> customers) {
        for (String key : List.of("firstName", "problem", "name", "sku", "type")) {
            if (fields.get(key) != null) {
                return fields.get(key).toString();
            }
        }
        return "";
    }

    private static String verb(String op) {
        return switch (op) {
            case "upsert" -> "save";
            case "delete" -> "delete";
            case "restore" -> "undelete";
            default -> "stock adjustment";
        };
    }
}
