package com.repairsync.client.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this JVM (server, devices and proxy alike, all in-process) holds at one moment: heap in use
 * after a full collection, open file descriptors, open sockets among them, live threads.
 */
record ResourceSample(long heapBytes, int openFiles, int sockets, int threads) {
    private static final Path FDS = Path.of("/proc/self/fd");

    static ResourceSample take() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int files = 0;
        int sockets = 0;
        if (Files.isDirectory(FDS)) {
            try (Stream<Path> fds = Files.list(FDS)) {
                for (Path fd : fds.toList()) {
                    files++;
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                            sockets++;
                        }
                    } catch (IOException closedMeanwhile) {
                        // the descriptor was closed between listing and reading it
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + FDS, e);
            }
        }
        return new ResourceSample(
                heap, files, sockets, ManagementFactory.getThreadMXBean().getThreadCount());
    }

    @Override
    public String toString() {
        return "heap=" + heapBytes / (1024 * 1024) + "MiB fds=" + openFiles + " sockets=" + sockets + " threads="
                + threads;
    }
}
