package com.repairsync.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU the servers' realtime sender threads ({@code realtime-sender-N}) have used, from Linux's
 * {@code /proc/<pid>/task/<tid>/schedstat} (nanoseconds on a CPU, user and kernel together). Only
 * those threads hand a change to the sockets, so their CPU per socket is the fan-out's own cost:
 * no push, pings, JIT or GC in it, and nothing of the other processes on the machine.
 */
final class SenderThreadsCpu {
    /** The threads' name as /proc keeps it: its first 15 characters. */
    private static final String COMM = "realtime-sender";

    private SenderThreadsCpu() {}

    /** Whether this system has /proc to read (Linux). */
    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /**
     * The sender threads' CPU nanoseconds, all the processes together; a thread that ended
     * meanwhile no longer counts.
     *
     * @throws IllegalStateException if /proc cannot be read ({@link #available} says false)
     */
    static long nanos(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    total += senderNanos(task);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the threads of server process " + pid + " in /proc", e);
            }
        }
        return total;
    }

    /** A thread's nanoseconds on a CPU if it is a sender, else 0 (also if it ended as it was read). */
    private static long senderNanos(Path task) {
        try {
            if (!Files.readString(task.resolve("comm")).strip().equals(COMM)) {
                return 0;
            }
            String schedstat = Files.readString(task.resolve("schedstat")).strip();
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (NoSuchFileException ended) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + task, e);
        }
    }
}
