package com.repairsync.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Files and folders only their owner may read: folders 0700, files 0600, where the file system has
 * POSIX permissions; elsewhere they are left as the platform makes them (on Windows a user's
 * profile folders are private to the user already).
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Whether the file system of {@code path} has POSIX permissions. */
    public static boolean posix(Path path) {
        return path.toAbsolutePath()
                .getFileSystem()
                .supportedFileAttributeViews()
                .contains("posix");
    }

    /** Creates the folder and any missing parents, each created one 0700; an existing folder is left as it is. */
    public static void createFolders(Path folder) throws IOException {
        if (posix(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Narrows an existing folder to 0700. */
    public static void narrowFolder(Path folder) throws IOException {
        if (posix(folder)) {
            Files.setPosixFilePermissions(folder, OWNER_FOLDER);
        }
    }

    /** Narrows an existing file to 0600. */
    public static void narrowFile(Path file) throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    /** Creates the file empty and 0600, or narrows it to 0600 if it exists. */
    public static void createOrNarrow(Path file) throws IOException {
        if (Files.notExists(file)) {
            try {
                Files.createFile(file, fileAttributes(file));
                return;
            } catch (FileAlreadyExistsException raced) {
                // another opener created it meanwhile: narrow it below
            }
        }
        narrowFile(file);
    }

    /**
     * Writes a new file that must not exist yet, all or nothing: the bytes go to a temporary file
     * beside it (0600), are synced to disk, then linked under the final name, which fails if that
     * name exists; the folder is synced so the name survives a power cut.
     *
     * @throws FileAlreadyExistsException if {@code file} exists; it is left untouched
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileAttributes(file))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            link(file, temp);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(file.toAbsolutePath().getParent());
    }

    /** Gives the temporary file its final name without ever replacing an existing file. */
    private static void link(Path file, Path temp) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
            // A file system without hard links (FAT, some network shares): a move that refuses an
            // existing target.
            Files.move(temp, file);
        }
    }

    /** Syncs a folder's entries to disk (POSIX; Windows cannot open a folder for syncing and needs not). */
    private static void syncFolder(Path folder) throws IOException {
        if (folder != null && posix(folder)) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    private static FileAttribute<?>[] fileAttributes(Path file) {
        return posix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }
}
