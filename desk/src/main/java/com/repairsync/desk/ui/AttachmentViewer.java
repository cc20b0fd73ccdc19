package com.repairsync.desk.ui;

import com.repairsync.client.records.Attachment;
import com.repairsync.desk.backend.DeskBackend;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * One attachment full size. The original is opened through the backend's file thread (downloaded
 * first if this computer does not hold it, with a progress indicator meanwhile); a JPEG or PNG is
 * shown, a PDF, HEIC or WebP is offered as "Save as…" instead. Offline, a file that is not here
 * says so instead of failing.
 */
final class AttachmentViewer {
    static final String OFFLINE = "This file is not on this computer yet and the server cannot be reached."
            + " It opens once the desk is back online.";

    private final DeskContext ctx;
    private final Attachment attachment;
    private final Stage stage = new Stage();
    private final ImageView image = new ImageView();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label message = new Label();
    private final Button save = Fx.button("Save as\u2026", "viewerSave");

    private AttachmentViewer(DeskContext ctx, Window owner, Attachment attachment) {
        this.ctx = ctx;
        this.attachment = attachment;
        image.setId("viewerImage");
        image.setPreserveRatio(true);
        image.setFitWidth(860);
        image.setFitHeight(560);
        progress.setId("viewerProgress");
        progress.setVisible(false);
        message.setId("viewerMessage");
        message.setWrapText(true);
        message.setMaxWidth(520);
        message.getStyleClass().add("viewer-message");
        save.setOnAction(e -> saveAs());
        Button close = Fx.button("Close", "viewerClose");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Label title = Fx.title(describe(attachment));
        VBox status = new VBox(10, progress, message);
        status.setAlignment(javafx.geometry.Pos.CENTER);
        BorderPane root = new BorderPane(new StackPane(image, status));
        root.setTop(title);
        root.setBottom(Fx.bar(Fx.spacer(), save, close));
        root.getStyleClass().addAll("pane", "viewer");
        root.setId("attachmentViewer");
        root.setPrefSize(900, 680);
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            stage.initOwner(owner);
        }
        stage.setTitle(Fx.label(attachment.kind()) + " \u2014 RepairSync Desk");
        stage.setScene(scene);
    }

    /** Opens the viewer for one attachment and starts loading it. */
    static void open(DeskContext ctx, Window owner, Attachment attachment) {
        AttachmentViewer viewer = new AttachmentViewer(ctx, owner, attachment);
        viewer.stage.show();
        viewer.stage.toFront();
        if (AttachmentFiles.renderable(attachment.contentType())) {
            viewer.load();
        } else {
            viewer.message.setText(AttachmentFiles.typeLabel(attachment.contentType())
                    + " files are not shown here: \u201cSave as\u2026\u201d and open it with another app.");
            viewer.save.setDefaultButton(true);
        }
    }

    private static String describe(Attachment attachment) {
        String caption = attachment.caption() == null ? Fx.label(attachment.kind()) : attachment.caption();
        return caption + " \u00b7 " + AttachmentFiles.typeLabel(attachment.contentType()) + " \u00b7 "
                + AttachmentGallery.size(attachment.size());
    }

    private void load() {
        busy("Opening\u2026");
        String id = attachment.id();
        ctx.backend
                .fetchFile(d -> {
                    try (InputStream in = d.attachments().open(id)) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .then(
                        bytes -> {
                            progress.setVisible(false);
                            Image full = new Image(new ByteArrayInputStream(bytes));
                            if (full.isError()) {
                                message.setText(
                                        "This picture cannot be shown here: \u201cSave as\u2026\u201d instead.");
                                return;
                            }
                            message.setText("");
                            image.setImage(full);
                        },
                        this::failed);
    }

    private void saveAs() {
        String name = attachment.fileName() == null ? attachment.kind() : attachment.fileName();
        File target = FileDialogs.save(stage, "Save attachment", name);
        if (target == null) {
            return;
        }
        busy("Saving\u2026");
        String id = attachment.id();
        ctx.backend
                .fetchFile(d -> {
                    d.attachments().saveTo(id, target.toPath());
                    return target;
                })
                .then(
                        saved -> {
                            progress.setVisible(false);
                            message.setText("Saved to " + saved);
                            ctx.notice("Saved " + name + " to " + saved);
                        },
                        this::failed);
    }

    private void busy(String what) {
        progress.setVisible(true);
        message.setText(what);
    }

    private void failed(Throwable error) {
        progress.setVisible(false);
        message.setText(
                DeskBackend.offline(error)
                        ? OFFLINE
                        : "Could not open it: " + (error.getMessage() == null ? error : error.getMessage()));
    }
}
