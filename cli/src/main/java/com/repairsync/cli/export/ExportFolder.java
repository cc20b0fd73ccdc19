package com.repairsync.cli.export;

import com.repairsync.cli.CliException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folder an export writes to. Every file is written under a temporary name (owner-only where
 * the file system is POSIX: the files hold customer data) and renamed into place by
 * {@link #commit()} once all of them are complete, so a failed export leaves no half-written
 * file and replaces nothing. The folder is created (0700) if missing; one that already holds
 * export files is refused unless {@code force}.
 */
public final class ExportFolder implements AutoCloseable {
    private final Path dir;
    private final boolean posix;
    private final Map<Path, Path> pending = new LinkedHashMap<>(); // temporary file -> final name

    private ExportFolder(Path dir, boolean posix) {
        this.dir = dir;
        this.posix = posix;
    }

    /**
     * Creates the folder if missing and checks that it may be written.
     *
     * @param exportFiles every file name an export may write (of any format), to refuse a folder
     *     that holds an earlier export
     * @throws CliException (usage, naming {@code --out}) if the folder cannot be used or already
     *     holds export files and {@code force} is false
     */
    public static ExportFolder prepare(Path dir, Collection<String> exportFiles, boolean force) {
        Path folder = dir.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw CliException.usage("--out: " + folder + " is a file, not a folder");
        }
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(folder)) {
            try {
                if (posix) {
                    Files.createDirectories(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            } catch (FileAlreadyExistsException e) {
                throw CliException.usage("--out: " + folder + " is not a folder");
            } catch (IOException e) {
                throw CliException.usage("--out: cannot create " + folder + " (" + e + ")");
            }
        }
        List<String> existing = new ArrayList<>();
        for (String name : exportFiles) {
            if (Files.exists(folder.resolve(name))) {
                existing.add(name);
            }
        }
        if (!existing.isEmpty() && !force) {
            throw CliException.usage("--out: " + folder + " already holds an export (" + String.join(", ", existing)
                    + "); pass --force to replace it, or choose another folder");
        }
        return new ExportFolder(folder, posix);
    }

    public Path dir() {
        return dir;
    }

    /** A new temporary file that {@link #commit()} moves to {@code name}; readable by the owner only. */
    public Path temporary(String name) {
        try {
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                    }
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(dir, "." + name + ".", ".part", attributes);
            pending.put(temporary, dir.resolve(name));
            return temporary;
        } catch (IOException e) {
            throw CliException.usage("--out: cannot write in " + dir + " (" + e + ")");
        }
    }

    /** Moves every complete file into place, replacing files of the same name (allowed by {@code force}). */
    public void commit() {
        for (Map.Entry<Path, Path> file : List.copyOf(pending.entrySet())) {
            try {
                try {
                    Files.move(
                            file.getKey(),
                            file.getValue(),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(file.getKey(), file.getValue(), StandardCopyOption.REPLACE_EXISTING);
                }
                pending.remove(file.getKey());
            } catch (IOException e) {
                throw CliException.usage(
                        "--out: cannot move " + file.getKey() + " to " + file.getValue() + " (" + e + ")");
            }
        }
    }

    /** Deletes the temporary files that were not committed (after a failure). */
    @Override
    public void close() {
        for (Path temporary : pending.keySet()) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // best effort: a leftover .part file is harmless and named as such
            }
        }
        pending.clear();
    }
}
