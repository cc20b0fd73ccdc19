package com.repairsync.cli;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.client.LocalStoreException;
import com.repairsync.client.NotJoinedException;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.PinChangeRequiredException;
import com.repairsync.client.PinLockedException;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.WrongPinException;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.protocol.CustomValues;

/** Turns what a command threw into one line for a person and an {@link ExitCode}: the one place that decides. */
public final class Failures {
    private Failures() {}

    /** A failure as reported: its exit code and its one-line message. */
    public record Failure(int exitCode, String message) {}

    public static Failure describe(Throwable thrown) {
        if (thrown instanceof CliException e) {
            return new Failure(e.exitCode(), e.getMessage());
        }
        if (thrown instanceof InvalidRecordException e) {
            return new Failure(ExitCode.USAGE, flagOf(e.field()) + ": " + e.getMessage());
        }
        if (thrown instanceof PermissionDeniedException e) {
            return new Failure(ExitCode.REFUSED, "not allowed: " + e.getMessage());
        }
        if (thrown instanceof ReauthenticationRequiredException e) {
            return new Failure(
                    ExitCode.REFUSED,
                    e.getMessage() + "; give your password with --password-file FILE or REPAIRSYNC_PASSWORD");
        }
        if (thrown instanceof WrongPinException || thrown instanceof PinLockedException) {
            return new Failure(ExitCode.REFUSED, thrown.getMessage());
        }
        if (thrown instanceof PinChangeRequiredException) {
            return new Failure(
                    ExitCode.REFUSED,
                    thrown.getMessage()
                            + "; run repairsync switch again with --new-pin-file FILE (or REPAIRSYNC_NEW_PIN)");
        }
        if (thrown instanceof RecordNotFoundException e) {
            return new Failure(ExitCode.NOT_FOUND, e.getMessage());
        }
        if (thrown instanceof NotJoinedException || thrown instanceof UnauthorizedException) {
            return new Failure(
                    ExitCode.NOT_SIGNED_IN,
                    thrown.getMessage() + "; sign in with: repairsync login --server URL --email EMAIL");
        }
        if (thrown instanceof UntrustedCertificateException e) {
            return new Failure(ExitCode.REFUSED, "server certificate refused: " + e.getMessage());
        }
        if (thrown instanceof OfflineException e) {
            return new Failure(
                    ExitCode.OFFLINE,
                    "server unreachable (" + e.getMessage() + "); changes stay queued on this device");
        }
        if (thrown instanceof ServerBusyException e) {
            return new Failure(ExitCode.OFFLINE, "the server failed (" + e.getMessage() + "); try again later");
        }
        if (thrown instanceof RequestRejectedException e) {
            return new Failure(ExitCode.REFUSED, "the server refused: " + e.getMessage());
        }
        if (thrown instanceof LocalStoreException e) {
            return new Failure(ExitCode.INTERNAL, "device database: " + e.getMessage());
        }
        return new Failure(
                ExitCode.INTERNAL, "unexpected error: " + thrown + " (run again with --verbose for details)");
    }

    /** The flag that sets a field: {@code --phone}, or {@code --field accessories} for a custom value. */
    private static String flagOf(String field) {
        if (field == null) {
            return "invalid";
        }
        return CustomValues.isKey(field) ? "--field " + CustomValues.nameOf(field) : Flags.of(field);
    }
}
