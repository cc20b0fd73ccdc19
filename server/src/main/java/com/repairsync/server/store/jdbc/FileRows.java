package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.FileRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shops' files (table {@code files}) and, on PostgreSQL, their bytes (table {@code
 * file_chunks}). Every method enters the shop first, so row-level security holds it to that shop.
 */
final class FileRows {
    private static final String COLUMNS =
            "shop_id, hash, size, chunk_size, content_type, state, created_at, stored_at, device_id";

    private final JdbcTransaction tx;

    FileRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    Optional<FileRow> find(String shopId, String hash) {
        tx.scope(shopId);
        return tx.queryOne(
                "find file",
                "SELECT " + COLUMNS + " FROM files WHERE shop_id = ? AND hash = ?",
                this::row,
                shopId,
                hash);
    }

    /** Begins an upload; false if the shop already has a row for this hash (nothing changes then). */
    boolean insertUpload(FileRow upload) {
        tx.scope(upload.shopId());
        return tx.update(
                        "begin upload",
                        "INSERT INTO files (shop_id, hash, size, chunk_size, state, created_at, device_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, hash) DO NOTHING",
                        upload.shopId(),
                        upload.hash(),
                        upload.size(),
                        upload.chunkSize(),
                        FileRow.UPLOADING,
                        upload.createdAt(),
                        upload.deviceId())
                > 0;
    }

    /** Marks an upload stored; false if it was not uploading (already stored, or gone). */
    boolean markStored(String shopId, String hash, String contentType, Instant now) {
        tx.scope(shopId);
        return tx.update(
                        "mark file stored",
                        "UPDATE files SET state = ?, content_type = ?, stored_at = ?"
                                + " WHERE shop_id = ? AND hash = ? AND state = ?",
                        FileRow.STORED,
                        contentType,
                        now,
                        shopId,
                        hash,
                        FileRow.UPLOADING)
                > 0;
    }

    void delete(String shopId, String hash) {
        tx.scope(shopId);
        tx.update("delete file", "DELETE FROM files WHERE shop_id = ? AND hash = ?", shopId, hash);
    }

    /** The bytes the shop's files take or have reserved: stored files and uploads in progress. */
    long totalBytes(String shopId) {
        tx.scope(shopId);
        return tx.queryOne(
                        "sum file sizes",
                        "SELECT COALESCE(SUM(size), 0) FROM files WHERE shop_id = ?",
                        row -> row.getLong(1),
                        shopId)
                .orElse(0L);
    }

    int uploadsInProgress(String shopId) {
        tx.scope(shopId);
        return tx.queryOne(
                        "count uploads",
                        "SELECT COUNT(*) FROM files WHERE shop_id = ? AND state = ?",
                        row -> row.getInt(1),
                        shopId,
                        FileRow.UPLOADING)
                .orElse(0);
    }

    /** The shop's uploads begun before {@code before} and not finished, oldest first, at most {@code limit}. */
    List<FileRow> staleUploads(String shopId, Instant before, int limit) {
        tx.scope(shopId);
        return tx.query(
                "find stale uploads",
                "SELECT " + COLUMNS + " FROM files WHERE shop_id = ? AND state = ? AND created_at < ?"
                        + " ORDER BY created_at LIMIT ?",
                this::row,
                shopId,
                FileRow.UPLOADING,
                before,
                limit);
    }

    /** Stores a chunk's bytes (PostgreSQL), replacing an earlier copy of the same chunk. */
    void putChunk(String shopId, String hash, int index, byte[] data) {
        tx.scope(shopId);
        tx.update(
                "put file chunk",
                "INSERT INTO file_chunks (shop_id, hash, idx, data) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (shop_id, hash, idx) DO UPDATE SET data = excluded.data",
                shopId,
                hash,
                index,
                data);
    }

    Optional<byte[]> readChunk(String shopId, String hash, int index) {
        tx.scope(shopId);
        return tx.queryOne(
                "read file chunk",
                "SELECT data FROM file_chunks WHERE shop_id = ? AND hash = ? AND idx = ?",
                row -> row.getBytes(1),
                shopId,
                hash,
                index);
    }

    List<Integer> chunkIndexes(String shopId, String hash) {
        tx.scope(shopId);
        return tx.query(
                "list file chunks",
                "SELECT idx FROM file_chunks WHERE shop_id = ? AND hash = ? ORDER BY idx",
                row -> row.getInt(1),
                shopId,
                hash);
    }

    void deleteChunks(String shopId, String hash) {
        tx.scope(shopId);
        tx.update("delete file chunks", "DELETE FROM file_chunks WHERE shop_id = ? AND hash = ?", shopId, hash);
    }

    private FileRow row(ResultSet row) throws SQLException {
        return new FileRow(
                row.getString("shop_id"),
                row.getString("hash"),
                row.getLong("size"),
                row.getInt("chunk_size"),
                row.getString("content_type"),
                row.getString("state"),
                tx.dialect().readInstant(row, "created_at"),
                tx.dialect().readInstant(row, "stored_at"),
                row.getString("device_id"));
    }
}
