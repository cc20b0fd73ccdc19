package com.repairsync.desk.ui;

import com.repairsync.client.PinChangeRequiredException;
import com.repairsync.client.PinLockedException;
import com.repairsync.client.WrongPinException;
import com.repairsync.client.records.Employee;
import java.time.Duration;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Switch employee: pick a name, type the PIN. The device checks it against the synced hash, so it
 * works offline; wrong PINs lock PIN entry for a growing time, which the pad shows.
 *
 * <p>The same pad unlocks the locked desk ({@link #lockScreen()}): then it has no Cancel. When the
 * PIN was right but too short for the employee's role, the pad asks for a new PIN twice and
 * switches with it.
 */
final class PinPad {
    private final DeskContext ctx;
    private final ListView<Employee> people = new ListView<>();
    private final PasswordField pin = new PasswordField();
    private final Label message = new Label();
    private final Button enter = Fx.button("OK", "pinEnter");
    private final GridPane keys = new GridPane();
    private final StackPane view;
    private final Runnable switched;
    private final Runnable cancelled;
    private final Label title = new Label("Switch employee");
    private final Button cancel = Fx.button("Cancel", "pinCancel");
    /** While a new PIN is chosen: who, their current PIN, and the new one typed once. */
    private Employee changing;

    private String currentPin;
    private String firstNewPin;

    PinPad(DeskContext ctx, Runnable switched, Runnable cancelled) {
        this.ctx = ctx;
        this.switched = switched;
        this.cancelled = cancelled;
        people.setId("pinPeople");
        people.setPrefSize(220, 260);
        people.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Employee e, boolean empty) {
                super.updateItem(e, empty);
                setText(
                        empty || e == null
                                ? null
                                : (e.firstName() + " " + Fx.text(e.lastName())).trim() + "  \u00b7 "
                                        + Fx.label(e.role()));
            }
        });
        pin.setId("pinField");
        pin.setPromptText("PIN");
        pin.getStyleClass().add("pin-field");
        message.setId("pinMessage");
        message.setWrapText(true);
        message.setMaxWidth(260);
        keys.setHgap(6);
        keys.setVgap(6);
        for (int digit = 1; digit <= 10; digit++) {
            String d = Integer.toString(digit % 10);
            Button key = Fx.button(d, "pin-" + d);
            key.getStyleClass().add("pin-key");
            key.setOnAction(e -> pin.appendText(d));
            keys.add(key, digit == 10 ? 1 : (digit - 1) % 3, digit == 10 ? 3 : (digit - 1) / 3);
        }
        Button clear = Fx.button("C", "pinClear");
        clear.getStyleClass().add("pin-key");
        clear.setOnAction(e -> pin.clear());
        keys.add(clear, 0, 3);
        enter.getStyleClass().addAll("pin-key", "primary");
        enter.setDefaultButton(true);
        enter.setOnAction(e -> submit());
        keys.add(enter, 2, 3);
        cancel.setOnAction(e -> {
            forgetNewPin();
            cancelled.run();
        });
        title.setId("pinTitle");
        title.getStyleClass().add("hero");
        VBox pad = new VBox(10, pin, keys, message);
        HBox body = new HBox(18, people, pad);
        VBox card = new VBox(12, title, body, cancel);
        card.getStyleClass().add("login-card");
        card.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        people.setMinWidth(220);
        pad.setMinWidth(220);
        view = new StackPane(card);
        view.getStyleClass().add("overlay");
        StackPane.setAlignment(card, Pos.CENTER);
    }

    Node view() {
        return view;
    }

    /** Loads the active employees and clears the pad, to switch employee (with Cancel). */
    void reset() {
        open("Switch employee", true);
    }

    /** Loads the active employees and clears the pad, to unlock the desk (no Cancel). */
    void lockScreen() {
        open("Locked \u2014 pick your name and enter your PIN", false);
    }

    private void open(String heading, boolean cancellable) {
        forgetNewPin();
        title.setText(heading);
        cancel.setVisible(cancellable);
        cancel.setManaged(cancellable);
        pin.clear();
        message.setText("");
        message.getStyleClass().remove("reason");
        ctx.backend.call(d -> d.employees().active()).then(active -> {
            people.getItems().setAll(active);
            if (!active.isEmpty() && people.getSelectionModel().isEmpty()) {
                people.getSelectionModel().selectFirst();
            }
        });
    }

    private void submit() {
        String typed = pin.getText();
        pin.clear();
        if (changing != null) {
            newPin(typed);
            return;
        }
        Employee who = people.getSelectionModel().getSelectedItem();
        if (who == null) {
            say("Pick your name first");
            return;
        }
        ctx.backend
                .run(d -> d.switchEmployee(who.id(), typed))
                .then(ok -> switched.run(), failure -> refused(who, typed, failure));
    }

    /** The new PIN, typed twice; then the switch with the current PIN and the new one. */
    private void newPin(String typed) {
        if (firstNewPin == null) {
            firstNewPin = typed;
            say("Type the new PIN again.");
            return;
        }
        if (!firstNewPin.equals(typed)) {
            firstNewPin = null;
            say("The two new PINs differ. Type the new PIN, then once more.");
            return;
        }
        Employee who = changing;
        String current = currentPin;
        forgetNewPin();
        ctx.backend.run(d -> d.switchEmployee(who.id(), current, typed)).then(ok -> switched.run(), failure -> {
            if (failure instanceof IllegalArgumentException policy) {
                askNewPin(who, current, policy.getMessage() + ". Type a new PIN, then once more.");
            } else {
                refused(who, current, failure);
            }
        });
    }

    private void askNewPin(Employee who, String current, String text) {
        changing = who;
        currentPin = current;
        firstNewPin = null;
        people.setDisable(true);
        say(text);
    }

    private void forgetNewPin() {
        changing = null;
        currentPin = null;
        firstNewPin = null;
        people.setDisable(false);
    }

    private void refused(Employee who, String typed, Throwable failure) {
        if (failure instanceof PinChangeRequiredException change) {
            askNewPin(
                    who,
                    typed,
                    "Your PIN is right, but the " + Fx.label(who.role()).toLowerCase(java.util.Locale.ROOT)
                            + " role needs a PIN of at least " + change.minimumLength()
                            + " digits. Type a new PIN, then once more.");
            return;
        }
        forgetNewPin();
        if (failure instanceof WrongPinException wrong) {
            if (wrong.lockedFor().isPresent()) {
                lock(
                        wrong.lockedFor().get(),
                        "Wrong PIN. PIN entry is locked for "
                                + seconds(wrong.lockedFor().get()) + ".");
            } else {
                say("Wrong PIN. " + wrong.attemptsLeft() + " tries left before PIN entry locks.");
            }
        } else if (failure instanceof PinLockedException locked) {
            lock(locked.retryIn(), locked.getMessage() + ".");
        } else {
            say(failure.getMessage());
        }
    }

    private void lock(Duration duration, String text) {
        say(text);
        keys.setDisable(true);
        PauseTransition wait = new PauseTransition(javafx.util.Duration.millis(duration.toMillis()));
        wait.setOnFinished(e -> {
            keys.setDisable(false);
            say("PIN entry is open again.");
        });
        wait.play();
    }

    private static String seconds(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    private void say(String text) {
        message.setText(text);
        if (!message.getStyleClass().contains("reason")) {
            message.getStyleClass().add("reason");
        }
    }

    static List<String> keyIds() {
        return List.of("pin-0", "pin-1", "pin-2", "pin-3", "pin-4", "pin-5", "pin-6", "pin-7", "pin-8", "pin-9");
    }
}
