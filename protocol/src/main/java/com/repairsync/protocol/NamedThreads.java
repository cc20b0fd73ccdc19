package com.repairsync.protocol;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads, for executors and background loops: a daemon, because a device, server or
 * tool that forgot to close one must not keep its JVM alive; named, so a thread dump or a log line
 * says whose thread it is.
 */
public final class NamedThreads implements ThreadFactory {
    private final String name;
    private final AtomicInteger count;

    private NamedThreads(String name, AtomicInteger count) {
        this.name = name;
        this.count = count;
    }

    /** Daemon threads all named {@code name} (the one thread of an executor, or a pool's threads alike). */
    public static NamedThreads daemon(String name) {
        return new NamedThreads(name, null);
    }

    /** Daemon threads named {@code prefix} and a count from 1: {@code prefix1}, {@code prefix2}, … */
    public static NamedThreads numberedDaemons(String prefix) {
        return new NamedThreads(prefix, new AtomicInteger());
    }

    /** A new daemon thread running {@code runnable}, not started. */
    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, count == null ? name : name + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /** A new daemon thread running {@code runnable}, started. */
    public Thread start(Runnable runnable) {
        Thread thread = newThread(runnable);
        thread.start();
        return thread;
    }
}
