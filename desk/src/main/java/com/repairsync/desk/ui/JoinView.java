package com.repairsync.desk.ui;

import com.repairsync.desk.DeskMain;
import com.repairsync.desk.backend.DeskBackend;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** First start: join this computer to a shop with an admin's or manager's e-mail and password. */
final class JoinView {
    private final TextField server = Fx.field("joinServer", "http://shop-server:8787");
    private final TextField email = Fx.field("joinEmail", "owner@yourshop.com");
    private final PasswordField password = new PasswordField();
    private final TextField deviceName = Fx.field("joinDeviceName", "Front desk");
    private final TextField fingerprint = Fx.field("joinFingerprint", "optional: as the server printed it");
    private final Button join = Fx.button("Join shop", "joinButton");
    private final Label error = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final StackPane view;

    JoinView(DeskBackend backend, DeskMain.Options options, Runnable joined) {
        server.setText(options.server() == null ? "http://localhost:8787" : options.server());
        email.setText(options.email() == null ? "" : options.email());
        password.setText(options.password() == null ? "" : options.password());
        password.setId("joinPassword");
        deviceName.setText("Front desk");
        error.setId("joinError");
        error.getStyleClass().add("reason");
        error.setWrapText(true);
        busy.setVisible(false);
        busy.setPrefSize(22, 22);
        join.setDefaultButton(true);
        join.setOnAction(e -> {
            join.setDisable(true);
            busy.setVisible(true);
            error.setText("");
            backend.join(
                            server.getText().trim(),
                            email.getText().trim(),
                            password.getText(),
                            deviceName.getText().trim(),
                            fingerprint.getText().isBlank()
                                    ? null
                                    : fingerprint.getText().trim())
                    .then(ok -> joined.run(), failure -> {
                        join.setDisable(false);
                        busy.setVisible(false);
                        error.setText(explain(failure));
                    });
        });
        GridPane form = Fx.form();
        Fx.row(form, "Server", server);
        Fx.row(form, "E-mail", email);
        Fx.row(form, "Password", password);
        Fx.row(form, "This computer", deviceName);
        Fx.row(form, "Certificate", fingerprint);
        Label title = new Label("RepairSync Desk");
        title.getStyleClass().add("hero");
        Label hint = new Label("Join this computer to your shop. An admin or manager signs in once; after that "
                + "everyone switches in with their PIN, online or offline. For an https:// server, paste the "
                + "certificate fingerprint the server printed; left empty, this computer trusts the certificate "
                + "the server presents now.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        if (options.demo()) {
            hint.setText(hint.getText() + "\nDemo: the server is prefilled; sign in with the credentials "
                    + "`repairsync demo` printed.");
        }
        VBox card = new VBox(14, title, hint, form, Fx.bar(join, busy), error);
        card.getStyleClass().add("login-card");
        card.setMaxWidth(460);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        view = new StackPane(card);
        view.getStyleClass().add("login");
        StackPane.setAlignment(card, Pos.CENTER);
    }

    static String explain(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return switch (name) {
            case "UnauthorizedException" ->
                DeskBackend.signInEnded(failure) ? failure.getMessage() : "Wrong e-mail or password.";
            case "UntrustedCertificateException" ->
                "The server's certificate is not the expected one: " + failure.getMessage();
            case "IllegalArgumentException" -> failure.getMessage();
            case "OfflineException" ->
                "Cannot reach the server. Check the address and the network; joining needs it once.";
            default -> failure.getMessage() == null ? name : failure.getMessage();
        };
    }

    Node view() {
        return view;
    }
}
