package com.repairsync.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A thread that reports, once a second, how large a file being written has grown. */
final class ProgressWatch implements AutoCloseable {
    private static final long INTERVAL_MILLIS = 1000;

    private final Thread thread;

    private ProgressWatch(Thread thread) {
        this.thread = thread;
    }

    static ProgressWatch start(Path file, long total, SqliteBackup.Progress progress) {
        Thread thread = new Thread(() -> watch(file, total, progress), "backup-progress");
        thread.setDaemon(true);
        thread.start();
        return new ProgressWatch(thread);
    }

    private static void watch(Path file, long total, SqliteBackup.Progress progress) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(INTERVAL_MILLIS);
                progress.written(Files.size(file), total);
            }
        } catch (InterruptedException | IOException done) {
            // the backup finished (or its file went away)
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
