package com.repairsync.desk.ui;

import java.io.File;
import java.util.List;
import java.util.Objects;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The file dialogs the desk opens to pick photos and documents and to save an attachment: the
 * system's by default; tests (and a kiosk that must not browse the disk) put in their own.
 */
public final class FileDialogs {
    /** Picks files to attach and a file to save to. */
    public interface Chooser {
        /** The files picked, or an empty list when the person cancels. */
        List<File> open(Window owner, String title);

        /** Where to save {@code fileName}, or null when the person cancels. */
        File save(Window owner, String title, String fileName);
    }

    private static volatile Chooser chooser = new SystemChooser();

    private FileDialogs() {}

    /** Uses another chooser from now on (tests answer without a dialog). */
    public static void use(Chooser replacement) {
        chooser = Objects.requireNonNull(replacement);
    }

    static List<File> open(Window owner, String title) {
        List<File> picked = chooser.open(owner, title);
        return picked == null ? List.of() : picked;
    }

    static File save(Window owner, String title, String fileName) {
        return chooser.save(owner, title, fileName);
    }

    /** JavaFX's file chooser, showing the types an attachment may have. */
    private static final class SystemChooser implements Chooser {
        @Override
        public List<File> open(Window owner, String title) {
            FileChooser dialog = new FileChooser();
            dialog.setTitle(title);
            dialog.getExtensionFilters()
                    .addAll(
                            new FileChooser.ExtensionFilter(
                                    "Photos and PDF",
                                    AttachmentFiles.EXTENSIONS.stream()
                                            .map(e -> "*." + e)
                                            .toList()),
                            new FileChooser.ExtensionFilter("All files", "*.*"));
            return dialog.showOpenMultipleDialog(owner);
        }

        @Override
        public File save(Window owner, String title, String fileName) {
            FileChooser dialog = new FileChooser();
            dialog.setTitle(title);
            dialog.setInitialFileName(fileName);
            return dialog.showSaveDialog(owner);
        }
    }
}
