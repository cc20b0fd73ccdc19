package com.repairsync.desk.ui;

import com.repairsync.desk.backend.Access;
import com.repairsync.desk.backend.DeskBackend;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** What every screen shares: the backend, who is acting, and how to tell the user something. */
final class DeskContext {
    final DeskBackend backend;
    final ObjectProperty<Access> access = new SimpleObjectProperty<>(new Access(null));
    private final java.util.function.Consumer<String> notice;
    private final java.util.function.Consumer<String> openTicket;
    private final java.util.function.Consumer<String> browser;
    private final java.util.function.Consumer<String> openAudit;

    /**
     * @param browser opens a web page; null copies its address for the person to paste instead
     * @param openAudit opens the shop's audit at what one employee (by id) did
     */
    DeskContext(
            DeskBackend backend,
            java.util.function.Consumer<String> notice,
            java.util.function.Consumer<String> openTicket,
            java.util.function.Consumer<String> browser,
            java.util.function.Consumer<String> openAudit) {
        this.backend = backend;
        this.notice = notice;
        this.openTicket = openTicket;
        this.browser = browser;
        this.openAudit = openAudit;
    }

    /** Opens a web page in the system's browser, or copies its address where none can be opened. */
    void browse(String url) {
        if (browser != null) {
            browser.accept(url);
            notice.accept("Opened " + url + " in your browser");
            return;
        }
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putString(url);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        notice.accept("Copied " + url + ": paste it in your browser");
    }

    Access access() {
        return access.get();
    }

    void notice(String text) {
        notice.accept(text);
    }

    /** Shows a failure the way a person reads it: the SDK's message names the field or the rule. */
    void failed(Throwable error) {
        notice.accept(error.getMessage() == null ? error.toString() : error.getMessage());
    }

    void openTicket(String ticketId) {
        openTicket.accept(ticketId);
    }

    /** Shows the audit screen filtered to what this employee did. */
    void openAudit(String employeeId) {
        openAudit.accept(employeeId);
    }
}
