package com.repairsync.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a running server holds on its data directory: an exclusive {@link FileChannel#tryLock}
 * on {@value #FILE_NAME} inside it, held until {@link #close()} (or the process ends, when the
 * operating system drops it). A second server on the same directory, or a restore while a server
 * runs, is refused. The file holds the holder's process id, for the message; it is never deleted
 * (deleting a lock file lets two processes lock two different files).
 */
public final class DataDirectoryLock implements AutoCloseable {
    public static final String FILE_NAME = "repairsync.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The directory is held by another server (or restore), in this process or another. */
    public static final class HeldException extends IllegalStateException {
        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock, creating the directory if needed.
     *
     * @throws HeldException if another server or restore holds it, naming the directory
     * @throws IllegalArgumentException if the directory cannot be created or written
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("data directory " + dataDir + " is not writable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "data directory " + dataDir + " cannot be created: " + e.getMessage(), e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new HeldException("the data directory " + dataDir.toAbsolutePath()
                        + " is in use by a running RepairSync server" + holder
                        + " (it holds " + FILE_NAME + "); stop that server first, or give this one another --data");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? " (process " + pid + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** Releases the lock; safe to call twice. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
