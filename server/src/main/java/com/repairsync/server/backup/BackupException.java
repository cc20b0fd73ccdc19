package com.repairsync.server.backup;

/** A backup or restore that failed or was refused; the message names the problem for a person. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
