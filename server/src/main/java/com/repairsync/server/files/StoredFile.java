package com.repairsync.server.files;

/**
 * A file a shop holds, as a download serves it.
 *
 * @param contentType what its bytes were recognised as when its upload completed
 * @param chunkSize the length of every chunk but the last
 */
public record StoredFile(String shopId, String hash, long size, String contentType, int chunkSize) {}
