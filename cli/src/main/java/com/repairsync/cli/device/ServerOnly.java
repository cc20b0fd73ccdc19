package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.client.transport.OfflineException;
import java.util.function.Supplier;

/**
 * Calls of commands that only the server can answer (history, the audit, erasing a customer). An
 * unreachable server is exit 3 saying what could not be done, rather than the write commands'
 * "changes stay queued on this device", which would be untrue here.
 */
final class ServerOnly {
    private ServerOnly() {}

    /**
     * The call's answer.
     *
     * @param unreachable what a person reads when the server cannot be reached, such as "nothing
     *     was erased"
     */
    static <T> T ask(String unreachable, Supplier<T> call) {
        try {
            return call.get();
        } catch (OfflineException e) {
            throw CliException.offline("server unreachable (" + e.getMessage() + "): " + unreachable);
        }
    }
}
