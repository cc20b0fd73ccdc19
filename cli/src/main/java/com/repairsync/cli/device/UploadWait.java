package com.repairsync.cli.device;

import com.repairsync.cli.Terminal;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.AttachmentStatus.State;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.protocol.schema.Schema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a one-shot command up while attachments' files upload in the device's background lane, so
 * the process does not exit (and stop the lane) before the server holds them: the lane uploads by
 * itself, and once a file is up this pushes its record (the device does not sync by itself in the
 * command line). It stops when every attachment is synced or failed, when the server cannot be
 * reached, when the uploads stall with a reason (the lane retries later, at the next sync), or at
 * the time limit. Nothing is lost when it stops early: the files stay queued on the device.
 */
final class UploadWait {
    /** How long an upload may make no progress, with a reason, before the wait gives up on it. */
    static final Duration STALL = Duration.ofSeconds(45);

    private static final long POLL_MILLIS = 200;
    private static final long PUSH_EVERY_MILLIS = 500;
    private static final long QUIET_MILLIS = 400;
    private static final Duration REACHABILITY_EVERY = Duration.ofSeconds(3);

    private UploadWait() {}

    /** How the wait ended. */
    enum Ending {
        /** Every attachment is synced or failed. */
        DONE,
        /** The server cannot be reached: the files wait on the device for the next sync. */
        OFFLINE,
        /** The uploads made no progress for a while and say why; the lane retries later. */
        STALLED,
        /** The time limit passed with uploads still running. */
        TIMED_OUT
    }

    /** How the wait ended, why (null when done), and each attachment's status then. */
    record Result(Ending ending, String reason, Map<String, AttachmentStatus> statuses) {}

    /** Waits for the attachments; a progress bar on stderr shows the uploads when they take a while. */
    static Result until(RepairSyncDevice device, Terminal terminal, List<String> ids, Duration limit) {
        Semaphore changed = new Semaphore(0);
        device.addRecordListener((entity, id) -> {
            if (Schema.ATTACHMENTS.name().equals(entity)) {
                changed.release();
            }
        });
        Watch watch = new Watch(device, terminal, ids, System.nanoTime() + limit.toNanos());
        try {
            while (true) {
                Result result = watch.step();
                if (result != null) {
                    return result;
                }
                changed.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Ending.TIMED_OUT, "interrupted", watch.statuses());
        } finally {
            watch.finishBar();
        }
    }

    /** How many of the attachments waited for are synced now. */
    static int synced(Result result) {
        return (int) result.statuses().values().stream()
                .filter(status -> status.state() == State.SYNCED)
                .count();
    }

    /** Tells on stderr why a wait stopped before every attachment was synced or failed. */
    static void explain(Terminal terminal, Result result) {
        String saved = "the file is saved on this device and uploads with the next 'repairsync sync' (nothing is lost)";
        switch (result.ending()) {
            case DONE -> {}
            case OFFLINE -> terminal.note("The server cannot be reached (" + result.reason() + "): " + saved + ".");
            case STALLED -> terminal.note("The upload waits: " + result.reason() + "; " + saved + ".");
            case TIMED_OUT -> {
                int percent = (int) result.statuses().values().stream()
                        .mapToInt(AttachmentStatus::percent)
                        .average()
                        .orElse(0);
                terminal.note("Still uploading (" + percent + "%) when the wait ended; " + saved + ".");
            }
        }
    }

    /** The attachments that still wait for their file to upload (or their record to go out) on this device. */
    static List<String> unsent(RepairSyncDevice device) {
        return device.attachments().all().stream()
                .filter(a -> a.syncStatus() == com.repairsync.client.SyncStatus.PENDING)
                .map(Attachment::id)
                .filter(id -> {
                    State state = device.attachments().status(id).state();
                    return state == State.PENDING_UPLOAD || state == State.UPLOADING;
                })
                .toList();
    }

    /** One wait's state between looks at the attachments. */
    private static final class Watch {
        private final RepairSyncDevice device;
        private final Terminal terminal;
        private final List<String> ids;
        private final long deadline;
        private final long started = System.nanoTime();
        private long lastPush = started - PUSH_EVERY_MILLIS * 1_000_000;
        private long lastProgress = started;
        private long lastReachability = started - REACHABILITY_EVERY.toNanos();
        private int lastPercentSum = -1;
        private boolean barShown;

        Watch(RepairSyncDevice device, Terminal terminal, List<String> ids, long deadline) {
            this.device = device;
            this.terminal = terminal;
            this.ids = ids;
            this.deadline = deadline;
        }

        Map<String, AttachmentStatus> statuses() {
            Map<String, AttachmentStatus> statuses = new LinkedHashMap<>();
            ids.forEach(id -> statuses.put(id, device.attachments().status(id)));
            return statuses;
        }

        /** One look: the result if the wait is over, else null. */
        Result step() {
            Map<String, AttachmentStatus> statuses = statuses();
            long now = System.nanoTime();
            int percentSum = 0;
            boolean done = true;
            boolean uploaded = false;
            String reason = null;
            for (AttachmentStatus status : statuses.values()) {
                percentSum += status.state() == State.SYNCED ? 100 : status.percent();
                done &= status.state() == State.SYNCED || status.state() == State.FAILED;
                uploaded |= status.state() == State.UPLOADING && status.percent() >= 100 && status.reason() == null;
                if (status.state() != State.SYNCED && status.state() != State.FAILED && status.reason() != null) {
                    reason = status.reason();
                }
            }
            bar(percentSum, statuses.size(), now);
            if (done) {
                return new Result(Ending.DONE, null, statuses);
            }
            if (percentSum != lastPercentSum) {
                lastPercentSum = percentSum;
                lastProgress = now;
            }
            if (uploaded && millisSince(lastPush, now) >= PUSH_EVERY_MILLIS) {
                lastPush = now;
                String offline = push();
                if (offline != null) {
                    return new Result(Ending.OFFLINE, offline, statuses);
                }
            }
            return stopped(statuses, reason, now);
        }

        /** Why the wait stops early (offline, stalled, out of time), else null. */
        private Result stopped(Map<String, AttachmentStatus> statuses, String reason, long now) {
            boolean idle = millisSince(lastProgress, now) >= 2_000;
            if (reason != null && idle && millisSince(lastReachability, now) >= REACHABILITY_EVERY.toMillis()) {
                lastReachability = now;
                if (!Reachability.check(device)) {
                    return new Result(Ending.OFFLINE, reason, statuses);
                }
            }
            if (reason != null && millisSince(lastProgress, now) >= STALL.toMillis()) {
                return new Result(Ending.STALLED, reason, statuses);
            }
            if (now - deadline >= 0) {
                return new Result(Ending.TIMED_OUT, reason, statuses);
            }
            return null;
        }

        /** Sends the records whose files are up; returns why the server could not be reached, else null. */
        private String push() {
            try {
                device.syncNow();
                return null;
            } catch (OfflineException | ServerBusyException e) {
                return e.getMessage();
            }
        }

        private void bar(int percentSum, int count, long now) {
            if (millisSince(started, now) < QUIET_MILLIS || count == 0) {
                return;
            }
            barShown = true;
            double fraction = Math.min(0.999, percentSum / (100.0 * count));
            terminal.progress("upload", fraction, count == 1 ? "" : count + " files");
        }

        void finishBar() {
            if (barShown) {
                terminal.endProgress();
            }
        }

        private static long millisSince(long then, long now) {
            return (now - then) / 1_000_000;
        }
    }
}
