package com.repairsync.client.internal;

import com.repairsync.protocol.NamedThreads;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a device database's write-ahead log back into the database file (a checkpoint) on a
 * thread of its own, through a connection of its own, so that no commit waits for it.
 *
 * <p>Left to itself, SQLite checkpoints inside whichever commit grows the log past 1,000 pages:
 * that one commit syncs the log and the database file to disk and copies every page while the
 * worker storing a realtime change, or the app saving a ticket, waits. Here commits only count
 * what they wrote; after {@link Thresholds#rows} rows or {@link Thresholds#commits} commits (a
 * commit writes a few pages besides its rows), once no commit came for {@link
 * Thresholds#quietMillis}, a passive checkpoint runs on a daemon thread that all of the process's
 * device databases share. A passive checkpoint blocks neither the writer nor a reader.
 *
 * <p>Why wait for a quiet moment: the log starts over from its beginning only when a write begins
 * after a checkpoint copied all of it. A checkpoint in a pause gives the next write that chance, so
 * the log of a device whose writes pause (realtime changes, the app's saves) stays far below
 * SQLite's own threshold. A writer that never pauses (a long first sync) gets no such moment; a
 * checkpoint beside it would never finish the log and would keep SQLite's own from running. So it
 * is left to SQLite's own, inside the commit that crosses {@link Thresholds#inlinePages} pages, as
 * before.
 *
 * <p>A checkpoint moves pages that are already committed to the log, so one that fails loses
 * nothing: it is logged and the next one copies them.
 */
final class WalCheckpointer implements AutoCloseable {
    /**
     * When to checkpoint: in the background after {@code rows} rows changed or {@code commits}
     * commits, once no commit came for {@code quietMillis}; inside a commit (SQLite's own
     * checkpoint) past {@code inlinePages} log pages.
     */
    record Thresholds(int rows, int commits, long quietMillis, int inlinePages) {
        /** A commit writes a few pages besides its rows: 100 small commits stay below 1,000 pages. */
        static final Thresholds DEFAULT = new Thresholds(1_000, 100, 50, 1_000);
    }

    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    private static final ScheduledExecutorService THREAD =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("repairsync-wal-checkpoint"));

    private final Connection connection;
    private final Thresholds thresholds;
    private final long quietNanos;
    private volatile long lastCommitNanos;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong checkpoints = new AtomicLong();
    /** Written by the committing thread only (it holds the database's lock). */
    private long rows;

    private long commits;
    /** Guarded by this. */
    private boolean closed;

    WalCheckpointer(Connection connection, Thresholds thresholds) {
        this.connection = connection;
        this.thresholds = thresholds;
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(thresholds.quietMillis());
    }

    /** A transaction that changed {@code rowsChanged} rows committed; called with the database's lock held. */
    void committed(long rowsChanged) {
        lastCommitNanos = System.nanoTime();
        rows += rowsChanged;
        commits++;
        if ((rows >= thresholds.rows() || commits >= thresholds.commits()) && queued.compareAndSet(false, true)) {
            rows = 0;
            commits = 0;
            try {
                THREAD.schedule(this::checkpointWhenQuiet, quietNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                queued.set(false); // the shared thread never stops; SQLite's own checkpoint would run anyway
            }
        }
    }

    /** Checkpoints run so far, for tests and diagnostics. */
    long checkpoints() {
        return checkpoints.get();
    }

    private void checkpointWhenQuiet() {
        long quietFor = System.nanoTime() - lastCommitNanos;
        if (quietFor < quietNanos) {
            THREAD.schedule(this::checkpointWhenQuiet, quietNanos - quietFor, TimeUnit.NANOSECONDS);
        } else {
            checkpoint();
        }
    }

    private synchronized void checkpoint() {
        queued.set(false);
        if (closed) {
            return;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next(); // (busy, pages in the log, pages checkpointed)
            checkpoints.incrementAndGet();
        } catch (SQLException e) {
            log.warn("write-ahead log checkpoint failed; the next one copies its pages: {}", e.getMessage());
        }
    }

    /**
     * Copies the whole log into the database file now and truncates the log to nothing, waiting
     * (the busy timeout) for the log's readers: after an erasure, so that the erased values' old
     * pages do not linger in the log. The caller holds the database's lock, so no write is under way.
     * A reader that kept part of the log from being copied is logged; a later checkpoint copies it.
     */
    synchronized void truncate() throws SQLException {
        if (closed) {
            return;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            result.next(); // (busy, pages in the log, pages checkpointed)
            checkpoints.incrementAndGet();
            if (result.getInt(1) != 0) {
                log.warn("the write-ahead log was not fully checkpointed after an erasure (a reader held it);"
                        + " a later checkpoint copies the rest");
            }
        }
    }

    /** Waits for a running checkpoint, then closes the connection; later ones are skipped. */
    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        connection.close();
    }
}
