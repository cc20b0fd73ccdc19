package com.repairsync.protocol;

import java.util.List;

/**
 * The file lane's answer about one upload ({@code POST /v1/files/{hash}} and each chunk's {@code
 * PUT}): the file's size, the chunk size the server cuts it into, the chunks it holds, and whether
 * the file is complete (then {@code contentType} is what its bytes were recognised as). A file the
 * shop already holds is complete at once and is never sent again.
 *
 * @param received indexes of the chunks the server holds, ascending (empty once complete)
 */
public record FileUpload(
        String hash, long size, int chunkSize, List<Integer> received, boolean complete, String contentType) {
    /** Request header of a chunk's {@code PUT}: the SHA-256 of the chunk's bytes, hex. */
    public static final String CHUNK_HASH_HEADER = "RepairSync-Chunk-SHA256";

    /** The chunk size of servers of this version: 1 MiB, so a cut upload resends at most that much. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    /** The most bytes a thumbnail the SDK makes may have. */
    public static final int THUMBNAIL_LIMIT = 50 * 1024;

    public FileUpload {
        received = received == null ? List.of() : List.copyOf(received);
    }

    /** How many chunks a file of this size has. */
    public int chunkCount() {
        return chunkCount(size, chunkSize);
    }

    public static int chunkCount(long size, int chunkSize) {
        return (int) ((size + chunkSize - 1) / chunkSize);
    }

    /** The length of chunk {@code index} (the last one may be shorter). */
    public static int chunkLength(long size, int chunkSize, int index) {
        return (int) Math.min(chunkSize, size - (long) index * chunkSize);
    }
}
