package com.repairsync.server.backup;

import com.repairsync.server.files.DiskFileBytes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The file lane's folder ({@code <data>/files}, see {@link DiskFileBytes}) in backups: a backup
 * {@code NAME.db} keeps the files beside it in {@code NAME.db.files}, and a restore puts them back.
 * The files are named by their content (a chunk's path is its file's SHA-256 and index, and a
 * chunk is replaced only by a rename), so a backup links them where the file system allows (no
 * space taken twice) and a restore adds the backup's to those the directory holds, never changing
 * or removing one.
 */
final class FileTree {
    /** After a backup's name: the folder holding its files. */
    static final String FOLDER_SUFFIX = ".files";

    private FileTree() {}

    /** The folder of a backup's files, beside it. */
    static Path beside(Path backup) {
        return backup.resolveSibling(backup.getFileName() + FOLDER_SUFFIX);
    }

    /** The files folder of a data directory. */
    static Path of(Path dataDir) {
        return dataDir.resolve(DiskFileBytes.FOLDER);
    }

    /**
     * Copies every finished file under {@code from} to the same path under {@code to}, skipping those
     * {@code to} has (equal by their names) and temporary ones; each arrives whole, by a rename.
     *
     * @param link hard-link rather than copy where the file system allows
     * @return how many files were added
     */
    static int copy(Path from, Path to, boolean link) throws IOException {
        if (!Files.isDirectory(from)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> paths = Files.walk(from)) {
            files = paths.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
        int added = 0;
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            if (link && tryLink(target, file)) {
                added++;
                continue;
            }
            Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.copy(file, temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            added++;
        }
        return added;
    }

    private static boolean tryLink(Path target, Path existing) {
        try {
            Files.createLink(target, existing);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return true;
        } catch (UnsupportedOperationException | IOException noLinks) {
            return false; // another file system, or none with links: the file is copied instead
        }
    }

    /** Whether the folder holds any file (empty folders do not count). */
    static boolean holdsFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.anyMatch(Files::isRegularFile);
        }
    }

    /** Deletes a folder and everything under it; nothing happens if it does not exist. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
