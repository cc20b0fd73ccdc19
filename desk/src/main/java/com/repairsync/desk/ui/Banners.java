package com.repairsync.desk.ui;

import com.repairsync.desk.backend.DeskBackend;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The banners under the header: why the server ended this computer's sign-in (it was removed from
 * the shop, and by whom, or its person was signed out everywhere or given a new password), that
 * the computer works offline, and that changes wait for the server to be updated (they name a
 * field or an entity the server does not know yet). Each shows only while it holds.
 */
final class Banners {
    private final Label signedOut = banner("signedOutBanner", "signed-out-banner", "");
    private final Label offline = banner(
            "offlineBanner",
            "offline-banner",
            "Offline \u2014 everything you do is saved on this computer and syncs when the server is back.");

    private final Label waiting = banner("waitingBanner", "waiting-banner", "");
    private int waitingCount;

    /** The header with the banners under it. */
    Node under(Node header) {
        return new VBox(header, signedOut, offline, waiting);
    }

    /**
     * Shows which changes wait for the server to be updated (this computer is newer than the
     * server: it names a field the server does not know yet), reading why from the device when
     * their number changes.
     */
    void waiting(DeskBackend backend, int count) {
        if (count == waitingCount) {
            return;
        }
        waitingCount = count;
        if (count == 0) {
            show(waiting, false);
            return;
        }
        backend.call(d -> d.waitingForServerUpdate()).then(changes -> {
            if (waitingCount == 0) {
                return;
            }
            String why = changes.stream()
                    .map(com.repairsync.client.WaitingChange::reason)
                    .filter(java.util.Objects::nonNull)
                    .map(reason -> reason.replaceFirst("^waiting for the server to be updated: ", ""))
                    .distinct()
                    .limit(2)
                    .collect(java.util.stream.Collectors.joining("; "));
            int n = Math.max(waitingCount, changes.size());
            waiting.setText(n + (n == 1 ? " change waits" : " changes wait")
                    + " for the server to be updated" + (why.isEmpty() ? "" : " (" + why + ")")
                    + ". They are kept on this computer and go by themselves once it is; nothing is lost.");
            show(waiting, true);
        });
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
