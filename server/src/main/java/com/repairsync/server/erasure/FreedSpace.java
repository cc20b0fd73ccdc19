package com.repairsync.server.erasure;

import com.repairsync.server.store.Store;
import com.repairsync.server.store.sqlite.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the values an erasure overwrote unreadable in the database's own files, where the
 * application can: SQLite zeroes freed space itself ({@code secure_delete}) and has its WAL
 * checkpointed into the database and emptied. PostgreSQL keeps overwritten row versions until
 * (auto)vacuum reclaims them, which its application role cannot run: there it does nothing, and
 * docs/operations.md tells the operator what to run.
 */
final class FreedSpace {
    private static final Logger log = LoggerFactory.getLogger(FreedSpace.class);

    private FreedSpace() {}

    /** What to run after an erasure commits, for this store. */
    static Runnable of(Store store) {
        if (store instanceof SqliteStore sqlite) {
            return () -> {
                if (!sqlite.truncateWal()) {
                    log.warn("the WAL could not be emptied after an erasure (a long read held it); erased values"
                            + " stay in it until the next checkpoint");
                }
            };
        }
        return () -> {};
    }
}
