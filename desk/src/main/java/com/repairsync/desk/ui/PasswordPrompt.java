package com.repairsync.desk.ui;

import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks the acting employee for their password again, for an action that needs a fresh
 * confirmation (making someone an admin). The password goes to the server at once and is not kept.
 */
final class PasswordPrompt {
    private PasswordPrompt() {}

    /** The typed password, or empty if the person cancelled. */
    static Optional<String> ask(Window owner, String why) {
        PasswordField password = new PasswordField();
        password.setId("confirmPassword");
        password.setPromptText("your password");
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Confirm your password");
        dialog.getDialogPane().setContent(new VBox(8, new Label(why), password));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK ? password.getText() : null);
        dialog.setOnShown(e -> password.requestFocus());
        return dialog.showAndWait().filter(typed -> !typed.isEmpty());
    }
}
