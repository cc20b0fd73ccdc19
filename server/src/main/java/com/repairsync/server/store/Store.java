package com.repairsync.server.store;

/**
 * The server's database.
 *
 * <p>Write transactions of one shop are serialized, and a shop's change sequence is handed out
 * inside them, so sequence numbers commit in order: once a reader can see sequence N, it can see
 * every change numbered below N. Read transactions see one consistent snapshot.
 */
public interface Store extends AutoCloseable {

    /** Runs work in a write transaction; commits if it returns, rolls back if it throws. */
    <T> T write(Work<T> work);

    /** Runs work in a read-only transaction over one consistent snapshot. */
    <T> T read(Work<T> work);

    /**
     * The data's history id (epoch), read when the store opened: it changes only with a restore,
     * which needs the server stopped (SQLite) or is found at start (PostgreSQL). See {@link ServerHistory}.
     */
    String historyId();

    @Override
    void close();

    /** Work done inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(StoreTx tx);
    }
}
