package com.repairsync.desk.ui;

import com.repairsync.client.records.Customer;
import com.repairsync.desk.backend.DeskBackend;
import com.repairsync.protocol.Erasure;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Erasing a customer, a person's right to be forgotten (admins only): a confirmation that says what
 * is removed, everywhere, and what stays, with the admin's password; then the server's erasure (online, on the backend's
 * network thread) and a sync, so this desk shows the erased record at once. The result says how
 * many records and files were erased.
 */
final class CustomerErasure {
    static final String REMOVED = "Removed from the server, from every device and from the shop's history:\n"
            + "  \u2022 the customer's personal details: name, phone, e-mail, address and notes\n"
            + "  \u2022 the notes of their repairs and appointments\n"
            + "  \u2022 their photos, signatures and documents (the files, their captions and names)";
    static final String KEPT = "Kept:\n"
            + "  \u2022 their repairs and appointments, with estimates, final prices and parts used\n"
            + "  \u2022 in the audit: that this customer was erased, by whom and when (not the values)";
    static final String AFTER = "This cannot be undone. A device that is offline now erases its copy when it"
            + " reconnects, and its queued edits cannot bring the values back. A backup restored later has"
            + " the erasure applied again; exports made before still hold the values and are the owner's"
            + " to delete.";

    private static final ButtonType ERASE = new ButtonType("Erase customer", ButtonBar.ButtonData.OK_DONE);

    private CustomerErasure() {}

    /**
     * Asks to confirm, then erases; {@code shown} receives the result (or the failure) in words. It
     * does not block: the dialog answers on the JavaFX thread.
     */
    static void confirm(DeskContext ctx, Window owner, Customer customer, Consumer<String> shown) {
        String name = (customer.firstName() + " " + Fx.text(customer.lastName())).trim();
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Erase customer");
        Label what = new Label(REMOVED);
        what.setId("eraseRemoved");
        Label kept = new Label(KEPT);
        kept.setId("eraseKept");
        Label after = new Label(AFTER);
        after.setWrapText(true);
        after.getStyleClass().add("muted");
        after.setMaxWidth(560);
        Label title = Fx.title("Erase " + name + "?");
        PasswordField password = new PasswordField();
        password.setId("erasePassword");
        password.setPromptText("your password, to confirm");
        dialog.getDialogPane().setContent(new VBox(10, title, what, kept, after, new Label("Your password"), password));
        dialog.getDialogPane().setId("eraseDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ERASE, ButtonType.CANCEL);
        Button erase = (Button) dialog.getDialogPane().lookupButton(ERASE);
        erase.setId("confirmErase");
        erase.getStyleClass().add("danger");
        erase.setDefaultButton(false);
        erase.disableProperty().bind(password.textProperty().isEmpty());
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("cancelErase");
        dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == ERASE) {
                erase(ctx, customer.id(), name, password.getText(), shown);
            }
        });
        dialog.show();
    }

    /** Confirms the admin's password with the server first (erasing needs it fresh); it is kept nowhere. */
    private static void erase(DeskContext ctx, String id, String name, String password, Consumer<String> shown) {
        ctx.notice("Erasing " + name + "\u2026");
        ctx.backend
                .askServer(d -> {
                    d.confirmPassword(password);
                    return d.customers().erase(id);
                })
                .then(
                        erasure -> {
                            String done = describe(name, erasure);
                            shown.accept(done);
                            ctx.notice(done);
                            ctx.backend
                                    .syncNow()
                                    .then(
                                            ok -> {},
                                            failure -> ctx.notice(done + " This desk erases its copy when it syncs: "
                                                    + failure.getMessage()));
                        },
                        failure -> {
                            String why = DeskBackend.offline(failure)
                                    ? "Not erased: erasing needs the server, which cannot be reached now."
                                    : "Not erased: " + failure.getMessage();
                            shown.accept(why);
                            ctx.notice(why);
                        });
    }

    static String describe(String name, Erasure erasure) {
        if (erasure.records() == 0 && erasure.files() == 0) {
            return name + " was already erased: nothing left to remove.";
        }
        return "Erased " + name + "'s personal details from " + erasure.records() + " record"
                + (erasure.records() == 1 ? "" : "s") + " and " + erasure.files() + " file"
                + (erasure.files() == 1 ? "" : "s") + ".";
    }
}
