package com.repairsync.cli;

/** A failure the command line reports as one line and an {@link ExitCode}. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException refused(String message) {
        return new CliException(ExitCode.REFUSED, message);
    }

    public static CliException offline(String message) {
        return new CliException(ExitCode.OFFLINE, message);
    }

    public static CliException notFound(String message) {
        return new CliException(ExitCode.NOT_FOUND, message);
    }

    public static CliException notSignedIn(String message) {
        return new CliException(ExitCode.NOT_SIGNED_IN, message);
    }
}
