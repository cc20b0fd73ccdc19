package com.repairsync.server.backup;

import com.repairsync.server.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An online backup of the server's SQLite database: {@code VACUUM INTO} over a read connection of
 * its own, which reads one snapshot and never blocks the server's writers (WAL mode). The copy is
 * written owner-only (0600) under a temporary name in the output's folder, checked with {@code
 * PRAGMA integrity_check}, synced, and only then given its final name, so a crash never leaves a
 * half file under it. An existing file is never overwritten. The file lane's files go beside it,
 * into {@code NAME.db.files} ({@link FileTree}).
 */
public final class SqliteBackup {
    /** Between a backup's name and a random part: the temporary name of a backup being written. */
    static final String UNFINISHED = ".partial-";

    private SqliteBackup() {}

    /** Told how far a backup is: bytes written so far of about {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void written(long bytes, long total);

        Progress NONE = (bytes, total) -> {};
    }

    /**
     * Backs up {@code dataDir}'s database to {@code out}.
     *
     * @return the size of the backup in bytes
     * @throws BackupException naming the problem: no database, an existing output, a failed copy
     */
    public static long backup(Path dataDir, Path out, Progress progress) {
        Path source = dataDir.resolve(SqliteStore.FILE_NAME);
        if (!Files.isRegularFile(source)) {
            throw new BackupException("no SQLite database in " + dataDir.toAbsolutePath() + " (no "
                    + SqliteStore.FILE_NAME + "): is it the server's --data directory?");
        }
        refuseExisting(out);
        Path folder = out.toAbsolutePath().getParent();
        Path temp = folder.resolve("." + out.getFileName() + UNFINISHED + UUID.randomUUID());
        try {
            Files.createDirectories(folder);
            SqliteFiles.createOwnerOnly(temp);
            copy(source, temp, progress);
            check(temp);
            SqliteFiles.sync(temp);
            copyFiles(dataDir, out, temp);
            publish(temp, out);
            SqliteFiles.syncDirectory(folder);
            return Files.size(out);
        } catch (SQLException | IOException e) {
            throw new BackupException("the backup of " + source + " to " + out + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
            deleteQuietly(unfinishedFiles(temp));
        }
    }

    /**
     * Copies the file lane's files beside the backup ({@code NAME.db.files}), after the database's
     * snapshot: every file stored in the snapshot is in the folder (stored files are never removed).
     * Written under a temporary name and renamed, before the database gets its name.
     */
    private static void copyFiles(Path dataDir, Path out, Path temp) throws IOException {
        Path from = FileTree.of(dataDir);
        if (!FileTree.holdsFiles(from)) {
            return; // no attachments yet: no folder beside the backup
        }
        Path staged = unfinishedFiles(temp);
        Files.createDirectories(staged);
        FileTree.copy(from, staged, true);
        Files.move(staged, FileTree.beside(out), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The temporary name of the files folder of a backup being written. */
    private static Path unfinishedFiles(Path temp) {
        return temp.resolveSibling(temp.getFileName() + FileTree.FOLDER_SUFFIX);
    }

    private static void refuseExisting(Path out) {
        if (Files.exists(out) || Files.exists(FileTree.beside(out))) {
            throw new BackupException(out + " already exists: a backup never overwrites a file; choose a new name");
        }
    }

    private static void copy(Path source, Path temp, Progress progress) throws SQLException {
        try (Connection connection = SqliteFiles.open(source);
                Statement statement = connection.createStatement();
                ProgressWatch watch = ProgressWatch.start(temp, size(statement), progress)) {
            statement.execute(
                    "VACUUM INTO " + SqliteFiles.literal(temp.toAbsolutePath().toString()));
        }
    }

    /** The database's size as SQLite counts it: pages times page size. */
    private static long size(Statement statement) throws SQLException {
        return pragma(statement, "page_count") * pragma(statement, "page_size");
    }

    private static long pragma(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void check(Path temp) throws SQLException {
        try (Connection connection = SqliteFiles.open(temp)) {
            String result = SqliteFiles.integrityCheck(connection);
            if (!result.equals("ok")) {
                throw new SQLException("the copy failed SQLite's integrity check: " + result);
            }
        }
    }

    /** Gives the complete copy its name: a hard link fails if the name was taken meanwhile. */
    private static void publish(Path temp, Path out) throws IOException {
        try {
            Files.createLink(out, temp);
        } catch (FileAlreadyExistsException e) {
            refuseExisting(out);
            throw e;
        } catch (UnsupportedOperationException | IOException noLinks) {
            refuseExisting(out);
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            FileTree.delete(file);
        } catch (IOException ignored) {
            // a leftover temporary name is harmless and never taken for a backup
        }
    }
}
