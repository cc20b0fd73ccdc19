package com.repairsync.desk.ui;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.desk.backend.Access;
import com.repairsync.protocol.schema.Action;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A repair's photos, signature and documents: a tile each with its thumbnail (or, until one is
 * here or for a PDF, a placeholder naming kind and type), caption and a badge of how its upload
 * stands. It follows the SDK's record events (new attachments, upload progress, thumbnails that
 * arrive); a click opens the viewer. Photos are added with "Add photo…" or dropped on the gallery.
 */
final class AttachmentGallery {
    static final double TILE_WIDTH = 132;
    static final double TILE_HEIGHT = 99;

    private final DeskContext ctx;
    private final FlowPane tiles = new FlowPane(10, 10);
    private final Label empty = new Label("No photos or documents yet: add one, or drop files here");
    private final Button add = Fx.button("Add photo\u2026", "addAttachment");
    private final Label addReason = Fx.reasonLabel();
    private final Map<String, Image> thumbnails = new HashMap<>();
    private final VBox view;
    private String ticketId;
    private List<String> shown = List.of();

    /** An attachment as the gallery shows it. */
    private record Item(Attachment attachment, AttachmentStatus status, byte[] thumbnail) {
        String key() {
            return attachment.id() + "|" + attachment.caption() + "|" + status + "|" + (thumbnail != null);
        }
    }

    AttachmentGallery(DeskContext ctx) {
        this.ctx = ctx;
        tiles.setId("attachmentGallery");
        tiles.getStyleClass().add("gallery");
        empty.getStyleClass().add("muted");
        add.setOnAction(e -> attach(FileDialogs.open(window(), "Add photos or documents")));
        view = new VBox(6, Fx.bar(sectionTitle(), Fx.spacer(), add), addReason, empty, tiles);
        AttachmentFiles.acceptDrops(view, this::attach);
    }

    private static Label sectionTitle() {
        Label title = new Label("Photos and documents");
        title.getStyleClass().add("section-title");
        return title;
    }

    Node view() {
        return view;
    }

    /** Loads the repair's attachments, with their states and the thumbnails held here. */
    void show(String id) {
        if (!id.equals(ticketId)) {
            ticketId = id;
            shown = List.of();
            tiles.getChildren().clear();
        }
        ctx.backend.call(d -> load(d, id)).then(items -> {
            if (id.equals(ticketId)) {
                render(items);
            }
        });
    }

    private static List<Item> load(RepairSyncDevice device, String ticketId) {
        return device.attachments().ofTicket(ticketId).stream()
                .map(a -> new Item(
                        a,
                        device.attachments().status(a.id()),
                        device.attachments().thumbnail(a.id()).orElse(null)))
                .toList();
    }

    private void render(List<Item> items) {
        empty.setVisible(items.isEmpty());
        empty.setManaged(items.isEmpty());
        List<String> keys = items.stream().map(Item::key).toList();
        if (keys.equals(shown)) {
            return; // nothing to show anew: the tiles (and a click on one) stay
        }
        shown = keys;
        tiles.getChildren().setAll(items.stream().map(this::tile).toList());
    }

    private Node tile(Item item) {
        Attachment attachment = item.attachment();
        StackPane picture = new StackPane(picture(item));
        picture.getStyleClass().add("attachment-picture");
        picture.setPrefSize(TILE_WIDTH, TILE_HEIGHT);
        picture.setMinSize(TILE_WIDTH, TILE_HEIGHT);
        Label caption = new Label(captionOf(attachment));
        caption.setMaxWidth(TILE_WIDTH);
        caption.getStyleClass().add("attachment-caption");
        VBox tile = new VBox(4, picture, caption, badge(item.status()));
        tile.getStyleClass().addAll("attachment-tile", "attachment-" + attachment.kind());
        tile.setId("attachment-" + attachment.id());
        tile.setUserData(attachment.id());
        tile.setOnMouseClicked(e -> AttachmentViewer.open(ctx, window(), attachment));
        Tooltip.install(
                tile,
                new Tooltip(Fx.text(attachment.fileName()) + " \u00b7 "
                        + AttachmentFiles.typeLabel(attachment.contentType()) + " \u00b7 " + size(attachment.size())));
        return tile;
    }

    private Node picture(Item item) {
        Attachment attachment = item.attachment();
        Image image = thumbnails.computeIfAbsent(
                attachment.id(),
                id -> item.thumbnail() == null ? null : new Image(new ByteArrayInputStream(item.thumbnail())));
        if (image != null && !image.isError()) {
            ImageView view = new ImageView(image);
            view.setFitWidth(TILE_WIDTH);
            view.setFitHeight(TILE_HEIGHT);
            view.setPreserveRatio(true);
            view.getStyleClass().add("attachment-thumbnail");
            return view;
        }
        Label kind = new Label(Fx.label(attachment.kind()));
        Label type = new Label(AttachmentFiles.typeLabel(attachment.contentType()));
        type.getStyleClass().add("attachment-type");
        VBox placeholder = new VBox(2, type, kind);
        placeholder.setAlignment(javafx.geometry.Pos.CENTER);
        placeholder.getStyleClass().add("attachment-placeholder");
        return placeholder;
    }

    /** "Synced", "Uploading 40%", ...; a failure's (or a wait's) reason as tooltip. */
    static Label badge(AttachmentStatus status) {
        Label badge = new Label(AttachmentFiles.badge(status));
        String state = status.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        badge.getStyleClass().addAll("attachment-badge", "attachment-" + state);
        badge.setUserData(status.state());
        badge.setAccessibleText(badge.getText());
        if (status.reason() != null) {
            badge.setTooltip(new Tooltip(status.reason()));
        }
        return badge;
    }

    private static String captionOf(Attachment attachment) {
        if (attachment.caption() != null && !attachment.caption().isBlank()) {
            return attachment.caption();
        }
        return attachment.fileName() != null ? attachment.fileName() : Fx.label(attachment.kind());
    }

    static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? bytes / 1024 + " KB" : bytes / (1 << 20) + " MB";
    }

    void accessChanged(Access access) {
        Fx.guard(add, addReason, access.denial("attachments", Action.CREATE));
    }

    private void attach(List<File> files) {
        String id = ticketId;
        List<AttachmentFiles.Draft> drafts = files.stream()
                .filter(AttachmentFiles::offered)
                .map(AttachmentFiles.Draft::of)
                .toList();
        if (id == null || drafts.isEmpty()) {
            return;
        }
        ctx.backend.call(d -> AttachmentFiles.attachAll(d, id, drafts)).then(refused -> {
            int attached = drafts.size() - refused.size();
            ctx.notice(
                    refused.isEmpty()
                            ? "Attached " + attached + (attached == 1 ? " file" : " files")
                            : "Not attached: " + String.join("; ", refused));
            show(id);
        });
    }

    private javafx.stage.Window window() {
        return view.getScene() == null ? null : view.getScene().getWindow();
    }
}
