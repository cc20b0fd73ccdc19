package com.repairsync.server.store;

import java.time.Instant;

/**
 * One file of a shop's file lane (table {@code files}), named by the SHA-256 of its bytes.
 *
 * @param size the file's length in bytes; an upload reserves it against the shop's quota
 * @param chunkSize the length of every chunk but the last
 * @param contentType what the bytes were recognised as; null while uploading
 * @param state {@link #UPLOADING} or {@link #STORED}
 * @param storedAt when the last chunk completed it; null while uploading
 * @param deviceId the device that began the upload
 */
public record FileRow(
        String shopId,
        String hash,
        long size,
        int chunkSize,
        String contentType,
        String state,
        Instant createdAt,
        Instant storedAt,
        String deviceId) {
    public static final String UPLOADING = "uploading";
    public static final String STORED = "stored";

    public boolean stored() {
        return STORED.equals(state);
    }
}
