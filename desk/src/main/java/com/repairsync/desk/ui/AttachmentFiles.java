package com.repairsync.desk.ui;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.RepairSyncException;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.Attachments;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javax.imageio.ImageIO;

/** What the check-in form and the gallery share: file types, kinds, drops, badges and PNG encoding. */
final class AttachmentFiles {
    /** The file names the desk offers to attach; the SDK reads the real type from the bytes. */
    static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "heic", "heif", "webp", "pdf");

    private AttachmentFiles() {}

    /**
     * A photo, signature or document chosen in the check-in form before its repair exists: a file
     * on disk, or (the signature) bytes drawn here.
     */
    record Draft(String fileName, File file, byte[] bytes, String kind, String caption) {
        static Draft of(File file) {
            return new Draft(file.getName(), file, null, kindOf(file.getName()), null);
        }

        static Draft signature(byte[] png) {
            return new Draft("signature.png", null, png, Attachments.SIGNATURE, "Customer signature");
        }

        String attachTo(RepairSyncDevice device, String ticketId) {
            return file != null
                    ? device.tickets().attach(ticketId, file.toPath(), kind, caption)
                    : device.tickets().attach(ticketId, new ByteArrayInputStream(bytes), fileName, kind, caption);
        }
    }

    /**
     * Attaches each draft to the ticket (on the backend's thread); one the SDK refuses (a type it
     * does not take, a file gone) does not stop the others.
     *
     * @return what was refused, as "file name: why"
     */
    static List<String> attachAll(RepairSyncDevice device, String ticketId, List<Draft> drafts) {
        List<String> refused = new ArrayList<>();
        for (Draft draft : drafts) {
            try {
                draft.attachTo(device, ticketId);
            } catch (RepairSyncException | UncheckedIOException e) {
                refused.add(draft.fileName() + ": " + e.getMessage());
            }
        }
        return refused;
    }

    static String kindOf(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".pdf") ? Attachments.DOCUMENT : Attachments.PHOTO;
    }

    static boolean offered(File file) {
        String name = file.getName().toLowerCase(Locale.ROOT);
        return file.isFile() && EXTENSIONS.stream().anyMatch(e -> name.endsWith("." + e));
    }

    /** A short name of a content type for a tile without a picture: "PDF", "HEIC", ... */
    static String typeLabel(String contentType) {
        return switch (contentType == null ? "" : contentType) {
            case "image/jpeg" -> "JPEG";
            case "image/png" -> "PNG";
            case "image/heic" -> "HEIC";
            case "image/webp" -> "WebP";
            case "application/pdf" -> "PDF";
            default -> "File";
        };
    }

    /** Whether JavaFX can show the file (JPEG and PNG); HEIC, WebP and PDF are saved instead. */
    static boolean renderable(String contentType) {
        return "image/jpeg".equals(contentType) || "image/png".equals(contentType);
    }

    /** The badge text of an attachment's state: "Pending upload", "Uploading 40%", "Synced", "Failed". */
    static String badge(AttachmentStatus status) {
        return switch (status.state()) {
            case PENDING_UPLOAD -> "Pending upload";
            case UPLOADING -> "Uploading " + status.percent() + "%";
            case SYNCED -> "Synced";
            case FAILED -> "Failed";
        };
    }

    /** Lets files be dropped on {@code zone}; the offered ones (photos, PDFs) go to {@code dropped}. */
    static void acceptDrops(Node zone, Consumer<List<File>> dropped) {
        zone.setOnDragOver(e -> {
            if (offeredFiles(e.getDragboard()).size() > 0) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        zone.setOnDragEntered(e -> zone.getStyleClass().add("drop-hover"));
        zone.setOnDragExited(e -> zone.getStyleClass().remove("drop-hover"));
        zone.setOnDragDropped((DragEvent e) -> {
            List<File> files = offeredFiles(e.getDragboard());
            if (!files.isEmpty()) {
                dropped.accept(files);
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    private static List<File> offeredFiles(Dragboard board) {
        return board.hasFiles()
                ? board.getFiles().stream().filter(AttachmentFiles::offered).toList()
                : List.of();
    }

    /** Encodes a JavaFX image (a canvas snapshot) as PNG, through AWT's image and ImageIO. */
    static byte[] png(Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage pixels = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(pixels, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
