package com.repairsync.client;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file lane stand-in for engine tests, checking chunks as the server does: it keeps uploads'
 * chunks, completes a file once it has them all and its hash is right, and can be told to cut the
 * connection, refuse files, or stall.
 */
final class InMemoryFiles {
    final Map<String, TreeMap<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
    final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    /** Every chunk received, as hash/index, in order. */
    final List<String> chunksReceived = new ArrayList<>();
    /** While true every call fails as if the network were down. */
    volatile boolean offline;
    /** When set, a begun upload is refused with this code. */
    volatile ErrorCode refusal;
    /** Chunks left before the connection is cut (negative: never). */
    final AtomicInteger chunksBeforeCut = new AtomicInteger(-1);
    /** How many calls run at once now, and the most ever. */
    final AtomicInteger running = new AtomicInteger();

    final AtomicInteger mostRunning = new AtomicInteger();
    /** Runs inside every call (a test may block here to hold uploads in flight). */
    volatile Runnable duringCall = () -> {};

    FileUpload begin(String hash, long size) {
        return call(() -> {
            if (refusal != null) {
                throw new RequestRejectedException(refusal.httpStatus(), refusal, "file", "scripted: " + refusal);
            }
            if (stored.containsKey(hash)) {
                return new FileUpload(hash, size, FileUpload.DEFAULT_CHUNK_SIZE, List.of(), true, "image/jpeg");
            }
            TreeMap<Integer, byte[]> chunks = uploads.computeIfAbsent(hash, h -> new TreeMap<>());
            synchronized (chunks) {
                return new FileUpload(
                        hash, size, FileUpload.DEFAULT_CHUNK_SIZE, new ArrayList<>(chunks.keySet()), false, null);
            }
        });
    }

    FileUpload chunk(String hash, long size, int index, byte[] bytes, String chunkHash) {
        return call(() -> {
            if (chunksBeforeCut.get() == 0) {
                chunksBeforeCut.set(-1);
                throw new OfflineException("scripted cut", null);
            }
            chunksBeforeCut.decrementAndGet();
            if (!Sha256.of(bytes).equals(chunkHash)) {
                throw new RequestRejectedException(422, ErrorCode.HASH_MISMATCH, "chunk", "wrong chunk hash");
            }
            TreeMap<Integer, byte[]> chunks = uploads.get(hash);
            synchronized (this) {
                chunksReceived.add(hash + "/" + index);
            }
            synchronized (chunks) {
                chunks.put(index, bytes);
                int count = FileUpload.chunkCount(size, FileUpload.DEFAULT_CHUNK_SIZE);
                if (chunks.size() < count) {
                    return new FileUpload(
                            hash, size, FileUpload.DEFAULT_CHUNK_SIZE, new ArrayList<>(chunks.keySet()), false, null);
                }
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                chunks.values().forEach(whole::writeBytes);
                if (!Sha256.of(whole.toByteArray()).equals(hash)) {
                    uploads.remove(hash);
                    throw new RequestRejectedException(422, ErrorCode.HASH_MISMATCH, "file", "wrong file hash");
                }
                stored.put(hash, whole.toByteArray());
                uploads.remove(hash);
                return new FileUpload(hash, size, FileUpload.DEFAULT_CHUNK_SIZE, List.of(), true, "image/jpeg");
            }
        });
    }

    <T> T download(String hash, long from, SyncTransport.FileReader<T> reader) {
        return call(() -> {
            byte[] bytes = stored.get(hash);
            if (bytes == null) {
                throw new RequestRejectedException(404, ErrorCode.NOT_FOUND, null, "no such file");
            }
            try {
                return reader.read(
                        new ByteArrayInputStream(bytes, (int) from, bytes.length - (int) from), bytes.length);
            } catch (IOException e) {
                throw new OfflineException("scripted read failure", e);
            }
        });
    }

    synchronized int chunkCount() {
        return chunksReceived.size();
    }

    private <T> T call(java.util.function.Supplier<T> work) {
        if (offline) {
            throw new OfflineException("scripted outage", null);
        }
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            duringCall.run();
            return work.get();
        } finally {
            running.decrementAndGet();
        }
    }
}
