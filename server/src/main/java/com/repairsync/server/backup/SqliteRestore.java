package com.repairsync.server.backup;

import com.repairsync.server.erasure.ErasureLog;
import com.repairsync.server.erasure.ErasureReplay;
import com.repairsync.server.files.DiskFileBytes;
import com.repairsync.server.store.DataDirectoryLock;
import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.store.sqlite.SqliteStore;
import com.repairsync.server.sync.ShopClocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code repairsync restore}: puts a backup in place of a stopped server's SQLite database. It holds
 * the data directory's lock throughout (refused while a server runs), checks and prepares a copy of
 * the backup beside the live database ({@link RestoreStaging}), carries the replaced database's
 * authentication state into it ({@link AuthCarryForward}) and gives it a new history id, all before
 * touching the live files; then it moves the live database with its {@code -wal} and {@code -shm}
 * files into {@code replaced-<UTC time>/} and renames the copy into place. The backup's file lane
 * files ({@code NAME.db.files}) are added to the data directory's first ({@link FileTree}). A
 * refusal changes nothing.
 */
public final class SqliteRestore {
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SqliteRestore() {}

    /**
     * What a restore did: the new history id, where the replaced files went (none when the directory
     * held no database), and what authentication state was carried forward.
     */
    public record Result(
            String historyId, Optional<Path> replacedFolder, int authRows, int shops, int employees, int erasedAgain) {}

    /**
     * Restores {@code backup} into {@code dataDir}.
     *
     * @throws DataDirectoryLock.HeldException while a server runs on the directory
     * @throws BackupException naming what is wrong with the backup, or what failed
     */
    public static Result restore(Path dataDir, Path backup, Clock clock) {
        String stamp = STAMP.format(clock.instant());
        Path live = dataDir.resolve(SqliteStore.FILE_NAME);
        Path staged = dataDir.resolve(".restoring-" + stamp + ".db");
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir)) {
            Files.deleteIfExists(staged);
            RestoreStaging.stage(backup, staged);
            Result prepared = prepare(staged, live);
            SqliteFiles.sync(staged);
            // Added, never replacing: a file's path is its content, so those already here are equal.
            FileTree.copy(FileTree.beside(backup), FileTree.of(dataDir), false);
            Optional<Path> aside = setAside(dataDir, live, stamp);
            Files.move(staged, live, StandardCopyOption.ATOMIC_MOVE);
            SqliteFiles.syncDirectory(dataDir);
            int erasedAgain = applyErasureLog(dataDir, clock);
            return new Result(
                    prepared.historyId(),
                    aside,
                    prepared.authRows(),
                    prepared.shops(),
                    prepared.employees(),
                    erasedAgain);
        } catch (IOException | SQLException e) {
            throw new BackupException(
                    "the restore of " + backup + " into " + dataDir + " failed: " + e.getMessage()
                            + "; the data directory is unchanged",
                    e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException ignored) {
                // a leftover .restoring file is never opened by the server
            }
        }
    }

    /** In one transaction on the staged copy: the carried authentication state and a new history id. */
    private static Result prepare(Path staged, Path live) throws SQLException {
        try (Connection connection = SqliteFiles.open(staged)) {
            boolean replacing = Files.isRegularFile(live);
            if (replacing) {
                attachReadOnly(connection, live);
            }
            connection.setAutoCommit(false);
            AuthCarryForward.Carried carried =
                    replacing ? AuthCarryForward.carry(connection) : new AuthCarryForward.Carried(0, 0, 0);
            String history = ServerHistory.renew(connection);
            connection.commit();
            connection.setAutoCommit(true);
            if (replacing) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DETACH DATABASE old");
                }
            }
            return new Result(history, Optional.empty(), carried.authRows(), carried.shops(), carried.employees(), 0);
        }
    }

    /**
     * Erases again, in the restored database, what the data directory's erasure log says was erased
     * (the backup may be older than those erasures), and empties the WAL; how many records it erased.
     * The database is in place by now: should this fail, the server applies the log when it starts.
     */
    private static int applyErasureLog(Path dataDir, Clock clock) {
        try (SqliteStore store = SqliteStore.open(dataDir, 2)) {
            ErasureReplay.Result result = ErasureReplay.apply(
                    ErasureLog.inDataDirectory(dataDir),
                    store,
                    new ShopClocks(clock, "server")::of,
                    clock,
                    DiskFileBytes.open(dataDir),
                    () -> {
                        if (!store.truncateWal()) {
                            throw new IllegalStateException("the WAL could not be emptied");
                        }
                    });
            return result.erased();
        } catch (RuntimeException e) {
            throw new BackupException(
                    "the backup was restored into " + dataDir + ", but the erasure log could not be applied to it ("
                            + e.getMessage() + "); fix that, then start the server: it applies the log before"
                            + " serving",
                    e);
        }
    }

    private static void attachReadOnly(Connection connection, Path live) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE "
                    + SqliteFiles.literal(live.toAbsolutePath().toUri() + "?mode=ro") + " AS old");
        }
    }

    /** Moves the live database and its WAL and shared-memory files into a new folder; never deletes them. */
    private static Optional<Path> setAside(Path dataDir, Path live, String stamp) throws IOException {
        List<Path> files = List.of(
                live,
                live.resolveSibling(live.getFileName() + "-wal"),
                live.resolveSibling(live.getFileName() + "-shm"));
        if (files.stream().noneMatch(Files::exists)) {
            return Optional.empty();
        }
        Path folder = dataDir.resolve("replaced-" + stamp);
        for (int attempt = 2; Files.exists(folder); attempt++) {
            folder = dataDir.resolve("replaced-" + stamp + "-" + attempt);
        }
        Files.createDirectory(folder);
        for (Path file : files) {
            if (Files.exists(file)) {
                Files.move(file, folder.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        SqliteFiles.syncDirectory(folder);
        return Optional.of(folder);
    }
}
