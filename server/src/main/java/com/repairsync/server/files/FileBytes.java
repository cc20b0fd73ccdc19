package com.repairsync.server.files;

import com.repairsync.server.store.StoreTx;
import java.util.List;
import java.util.Optional;

/**
 * Where the bytes of the shops' files live, chunk by chunk: one implementation per kind of storage
 * (the data directory's disk, the PostgreSQL database; an object store could follow). The {@code
 * files} rows say which files exist; this only keeps their chunks.
 */
public interface FileBytes {

    /**
     * Stores one chunk, all of it or nothing (a crash never leaves half a chunk), replacing an earlier
     * copy of the same chunk: writing a chunk twice is harmless.
     */
    void writeChunk(String shopId, String hash, int index, byte[] bytes);

    /** One chunk's bytes, or empty if it is not held. */
    Optional<byte[]> readChunk(String shopId, String hash, int index);

    /** The indexes of the file's chunks held, ascending. */
    List<Integer> chunkIndexes(String shopId, String hash);

    /** Removes every chunk of the file; nothing happens if there are none. */
    void delete(String shopId, String hash);

    /**
     * Removes every chunk of the file within a write transaction that deletes the file's row (an
     * erasure): in that transaction where the database holds the bytes, so they go only if it
     * commits; at once where the disk holds them, so the caller does it last before the commit (if
     * the commit still fails, the row names bytes that are gone until the erasure runs again).
     */
    void deleteWithin(StoreTx tx, String shopId, String hash);

    /**
     * The shops this storage holds bytes of, where it can tell without being told the shop (the
     * disk); empty where it cannot (the database shows a shop's rows only to that shop). Used to
     * clear abandoned uploads at start.
     */
    List<String> shops();
}
