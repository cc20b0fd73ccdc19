package com.repairsync.client;

import java.time.Duration;

/**
 * How a device handles attachments' files. Thumbnails are always fetched ahead; originals when
 * opened, and ahead of time for attachments added within {@code keepOriginalsFor}.
 *
 * @param cacheLimit the most bytes of downloaded originals kept; beyond it the least recently used
 *     go (a file not uploaded yet never does: it is the only copy)
 * @param keepOriginalsFor fetch the originals of attachments added this recently ahead of time
 *     (zero: only when opened)
 * @param uploadConcurrency how many files upload at once (1 to 8)
 * @param maxFileBytes the largest file this device takes in (the server may take less: it says so
 *     and the attachment fails with that reason)
 */
public record FileOptions(long cacheLimit, Duration keepOriginalsFor, int uploadConcurrency, long maxFileBytes) {
    public FileOptions {
        if (cacheLimit < 0) {
            throw new IllegalArgumentException("cacheLimit must not be negative, got " + cacheLimit);
        }
        if (keepOriginalsFor == null || keepOriginalsFor.isNegative()) {
            throw new IllegalArgumentException("keepOriginalsFor must be zero or positive, got " + keepOriginalsFor);
        }
        if (uploadConcurrency < 1 || uploadConcurrency > 8) {
            throw new IllegalArgumentException("uploadConcurrency must be 1..8, got " + uploadConcurrency);
        }
        if (maxFileBytes < 1 || maxFileBytes > com.repairsync.protocol.FileTypes.LARGEST_FILE) {
            throw new IllegalArgumentException("maxFileBytes must be 1 byte to 1 GiB, got " + maxFileBytes);
        }
    }

    /** A 1 GiB cache, originals only when opened, two uploads at once, files up to 100 MiB. */
    public static FileOptions defaults() {
        return new FileOptions(1L << 30, Duration.ZERO, 2, 100L << 20);
    }

    public FileOptions withCacheLimit(long bytes) {
        return new FileOptions(bytes, keepOriginalsFor, uploadConcurrency, maxFileBytes);
    }

    public FileOptions withKeepOriginalsFor(Duration value) {
        return new FileOptions(cacheLimit, value, uploadConcurrency, maxFileBytes);
    }

    public FileOptions withUploadConcurrency(int value) {
        return new FileOptions(cacheLimit, keepOriginalsFor, value, maxFileBytes);
    }

    public FileOptions withMaxFileBytes(long value) {
        return new FileOptions(cacheLimit, keepOriginalsFor, uploadConcurrency, value);
    }
}
