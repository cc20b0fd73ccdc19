package com.repairsync.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups the server takes itself ({@code --backup-dir}, {@code --backup-every}, {@code
 * --backup-keep}): {@code repairsync-<UTC time>.db} files, the oldest beyond the kept number
 * removed. A failed backup is logged and reported, and never stops the server.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);
    private static final String PREFIX = "repairsync-";
    private static final String SUFFIX = ".db";

    private final Path dataDir;
    private final Path backupDir;
    private final int keep;
    private final Clock clock;
    private final Consumer<Boolean> succeeded;
    private final ScheduledExecutorService executor;

    private BackupSchedule(Path dataDir, Path backupDir, int keep, Clock clock, Consumer<Boolean> succeeded) {
        this.dataDir = dataDir;
        this.backupDir = backupDir;
        this.keep = keep;
        this.clock = clock;
        this.succeeded = succeeded;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "scheduled-backups");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts taking a backup every {@code every}, the first one {@code every} from now.
     *
     * @param succeeded told after each backup whether it succeeded
     */
    public static BackupSchedule start(
            Path dataDir, Path backupDir, Duration every, int keep, Clock clock, Consumer<Boolean> succeeded) {
        BackupSchedule schedule = new BackupSchedule(dataDir, backupDir, keep, clock, succeeded);
        long millis = every.toMillis();
        schedule.executor.scheduleWithFixedDelay(schedule::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        return schedule;
    }

    /** A schedule that only backs up when told ({@link #runOnce()}), for tests. */
    public static BackupSchedule manual(
            Path dataDir, Path backupDir, int keep, Clock clock, Consumer<Boolean> succeeded) {
        return new BackupSchedule(dataDir, backupDir, keep, clock, succeeded);
    }

    /** Takes one backup now and removes the oldest beyond the kept number; the new file, or empty if it failed. */
    public synchronized Optional<Path> runOnce() {
        Path out = backupDir.resolve(PREFIX + SqliteRestore.STAMP.format(clock.instant()) + SUFFIX);
        try {
            for (int attempt = 2; Files.exists(out); attempt++) {
                out = backupDir.resolve(PREFIX + SqliteRestore.STAMP.format(clock.instant()) + "-" + attempt + SUFFIX);
            }
            long bytes = SqliteBackup.backup(dataDir, out, SqliteBackup.Progress.NONE);
            log.info("backed up the database to {} ({} bytes)", out, bytes);
            succeeded.accept(true);
            prune();
            return Optional.of(out);
        } catch (RuntimeException | IOException e) {
            log.error("scheduled backup to {} failed: {}", out, e.getMessage(), e);
            succeeded.accept(false);
            return Optional.empty();
        }
    }

    /** The backups in the folder, oldest first (their names sort by time). */
    public List<Path> backups() throws IOException {
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        }
    }

    private void prune() throws IOException {
        List<Path> backups = backups();
        for (Path old : backups.subList(0, Math.max(0, backups.size() - keep))) {
            Files.deleteIfExists(old);
            FileTree.delete(FileTree.beside(old));
            log.info("removed the old backup {} (keeping {})", old, keep);
        }
        removeUnfinished();
    }

    /**
     * Removes the temporary files of this schedule's backups that never finished (the server was
     * killed during one: see {@link SqliteBackup}), which would otherwise pile up at the size of
     * the database each. Only this schedule writes those names, one backup at a time, and none is
     * under way here.
     */
    private void removeUnfinished() throws IOException {
        List<Path> unfinished;
        try (Stream<Path> files = Files.list(backupDir)) {
            unfinished = files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("." + PREFIX) && name.contains(SUFFIX + SqliteBackup.UNFINISHED);
                    })
                    .toList();
        }
        for (Path file : unfinished) {
            FileTree.delete(file); // the database's temporary file, or its files' temporary folder
            log.info("removed {}, left by a backup that never finished", file);
        }
    }

    /** Stops scheduling; a backup under way finishes first (up to {@code grace}). */
    public void close(Duration grace) {
        executor.shutdown();
        try {
            executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
