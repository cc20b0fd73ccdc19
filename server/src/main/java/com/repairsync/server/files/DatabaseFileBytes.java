package com.repairsync.server.files;

import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.util.List;
import java.util.Optional;

/**
 * Files' bytes in the PostgreSQL database (table {@code file_chunks}, one row per chunk), so every
 * node of a cluster serves every file and row-level security holds each shop to its own bytes
 * (large objects would escape it). Each call is its own transaction: a chunk's row commits whole.
 */
public final class DatabaseFileBytes implements FileBytes {
    private final Store store;

    public DatabaseFileBytes(Store store) {
        this.store = store;
    }

    @Override
    public void writeChunk(String shopId, String hash, int index, byte[] bytes) {
        store.write(tx -> {
            tx.putFileChunk(shopId, hash, index, bytes);
            return null;
        });
    }

    @Override
    public Optional<byte[]> readChunk(String shopId, String hash, int index) {
        return store.read(tx -> tx.readFileChunk(shopId, hash, index));
    }

    @Override
    public List<Integer> chunkIndexes(String shopId, String hash) {
        return store.read(tx -> tx.fileChunkIndexes(shopId, hash));
    }

    @Override
    public void delete(String shopId, String hash) {
        store.write(tx -> {
            tx.deleteFileChunks(shopId, hash);
            return null;
        });
    }

    @Override
    public void deleteWithin(StoreTx tx, String shopId, String hash) {
        tx.deleteFileChunks(shopId, hash);
    }

    /** Row-level security hides every shop's rows from a query for no shop: abandoned uploads go as each shop begins one. */
    @Override
    public List<String> shops() {
        return List.of();
    }
}
