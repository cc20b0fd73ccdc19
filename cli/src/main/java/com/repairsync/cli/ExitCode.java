package com.repairsync.cli;

/**
 * The exit codes of {@code repairsync}, stable for scripts (see docs/cli.md).
 *
 * <ul>
 *   <li>0: done.
 *   <li>1: usage: an unknown command or flag, a bad value, a missing input.
 *   <li>2: refused: by the rules or the server (wrong password or PIN, not allowed for the role, a
 *       change rejected; after a sync, changes waiting in the failed queue).
 *   <li>3: offline: the server could not be reached; what was saved stays queued on the device.
 *   <li>4: not found: no such record, failed change or conflict on this device.
 *   <li>5: not signed in: the device has not joined a shop, or must sign in again.
 *   <li>10: internal: a bug or a broken local database; {@code --verbose} shows the stack trace.
 * </ul>
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int REFUSED = 2;
    public static final int OFFLINE = 3;
    public static final int NOT_FOUND = 4;
    public static final int NOT_SIGNED_IN = 5;
    public static final int INTERNAL = 10;

    private ExitCode() {}
}
