package com.repairsync.desk.ui;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The check-in form's photos and signature, chosen before the repair exists: a drop zone, "Add
 * photos…" and "Signature"; each chosen one shows as a small tile that can be removed. The screen
 * attaches them right after it creates the repair, in the same backend call.
 */
final class CheckInAttachments {
    private final List<AttachmentFiles.Draft> drafts = new ArrayList<>();
    private final FlowPane tiles = new FlowPane(8, 8);
    private final VBox view;

    CheckInAttachments() {
        Label zone = new Label("Drop photos here");
        zone.setId("photoDropZone");
        zone.getStyleClass().add("drop-zone");
        zone.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(zone, Priority.ALWAYS);
        AttachmentFiles.acceptDrops(zone, this::addFiles);
        Button addPhotos = Fx.button("Add photos\u2026", "addPhotos");
        addPhotos.setOnAction(e -> addFiles(FileDialogs.open(window(), "Photos of the device")));
        Button signature = Fx.button("Signature\u2026", "captureSignature");
        signature.setOnAction(e -> SignaturePad.open(window(), this::addSignature));
        tiles.setId("checkInAttachments");
        view = new VBox(6, Fx.bar(zone, addPhotos, signature), tiles);
        AttachmentFiles.acceptDrops(tiles, this::addFiles);
    }

    Node view() {
        return view;
    }

    /** What was chosen, in order. */
    List<AttachmentFiles.Draft> drafts() {
        return List.copyOf(drafts);
    }

    void clear() {
        drafts.clear();
        tiles.getChildren().clear();
    }

    private javafx.stage.Window window() {
        return view.getScene() == null ? null : view.getScene().getWindow();
    }

    private void addFiles(List<File> files) {
        files.stream()
                .filter(AttachmentFiles::offered)
                .map(AttachmentFiles.Draft::of)
                .forEach(this::add);
    }

    private void addSignature(byte[] png) {
        drafts.stream()
                .filter(d -> d.file() == null)
                .findFirst()
                .ifPresent(old -> remove(old, tiles.getChildren().get(drafts.indexOf(old))));
        add(AttachmentFiles.Draft.signature(png));
    }

    private void add(AttachmentFiles.Draft draft) {
        drafts.add(draft);
        Image preview = draft.file() == null
                ? new Image(new ByteArrayInputStream(draft.bytes()), 96, 64, true, true)
                : AttachmentFiles.renderable(contentTypeByName(draft.fileName()))
                        ? new Image(draft.file().toURI().toString(), 96, 64, true, true, true)
                        : null;
        Node picture;
        if (preview != null) {
            picture = new ImageView(preview);
        } else {
            Label type = new Label(draft.fileName()
                    .substring(draft.fileName().lastIndexOf('.') + 1)
                    .toUpperCase(java.util.Locale.ROOT));
            type.getStyleClass().add("attachment-type");
            picture = type;
        }
        StackPane frame = new StackPane(picture);
        frame.getStyleClass().add("draft-picture");
        Label name = new Label(draft.file() == null ? "Signature" : draft.fileName());
        name.getStyleClass().add("muted");
        name.setMaxWidth(110);
        Button remove = Fx.button("\u00d7", null);
        remove.getStyleClass().add("draft-remove");
        remove.setAccessibleText("Remove " + draft.fileName());
        VBox tile = new VBox(3, frame, Fx.bar(name, Fx.spacer(), remove));
        tile.getStyleClass().addAll("draft-tile", "draft-" + draft.kind());
        tile.setUserData(draft.kind());
        remove.setOnAction(e -> remove(draft, tile));
        tiles.getChildren().add(tile);
    }

    private void remove(AttachmentFiles.Draft draft, Node tile) {
        drafts.remove(draft);
        tiles.getChildren().remove(tile);
    }

    private static String contentTypeByName(String fileName) {
        String name = fileName.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") ? "image/png" : name.matches(".*\\.jpe?g") ? "image/jpeg" : "other";
    }
}
