package com.repairsync.desk.ui;

import com.repairsync.desk.backend.DeskBackend;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The banners under the header: why the server ended this computer's sign-in (it was removed from
 * the shop, and by whom, or its person was signed out everywhere or given a new password), and
 * that the computer works offline. Each shows only while it holds.
 */
final class Banners {
    private final Label signedOut = banner("signedOutBanner", "signed-out-banner", "");
    private final Label offline = banner(
            "offlineBanner",
            "offline-banner",
            "Offline \u2014 everything you do is saved on this computer and syncs when the server is back.");

    /** The header with the banners under it. */
    Node under(Node header) {
        return new VBox(header, signedOut, offline);
    }

    void offline(boolean shown) {
        show(offline, shown);
    }

    /** Asks the device whether its sign-in ended, and shows why. */
    void update(DeskBackend backend) {
        backend.signedOutReason().then(reason -> {
            signedOut.setText(reason == null ? "" : reason + " Nothing saved on this computer is lost.");
            show(signedOut, reason != null);
        });
    }

    private static Label banner(String id, String style, String text) {
        Label banner = new Label(text);
        banner.setId(id);
        banner.getStyleClass().add(style);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setWrapText(true);
        show(banner, false);
        return banner;
    }

    private static void show(Label banner, boolean shown) {
        banner.setVisible(shown);
        banner.setManaged(shown);
    }
}
