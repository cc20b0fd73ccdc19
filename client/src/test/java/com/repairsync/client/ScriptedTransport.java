package com.repairsync.client;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A server stand-in for engine tests: logs in, pulls nothing, and answers pushes as told
 * (applied, busy, or unreachable). It records every push it receives.
 */
final class ScriptedTransport implements SyncTransport {
    enum Mode {
        APPLY,
        BUSY,
        OFFLINE
    }

    final String deviceId = UUID.randomUUID().toString();
    final String employeeId = UUID.randomUUID().toString();
    final List<PushRequest> pushes = new ArrayList<>();
    volatile Mode mode = Mode.APPLY;
    /** Mutations of these record ids are refused, as the server refuses invalid ones. */
    final Set<String> refusedRecords = ConcurrentHashMap.newKeySet();
    /** Pushes of more mutations are refused as too large, as a server with a lower --max-batch does. */
    volatile int maxBatch = Integer.MAX_VALUE;
    /** Mutations of these record ids are refused with this code (validation_failed unless set). */
    volatile ErrorCode refusalCode = ErrorCode.VALIDATION_FAILED;
    /** The newest wire version the scripted server says it serves; 0 says nothing (as a transport that cannot tell). */
    volatile int serves;
    /** When set, every push fails with it, as a server refusing the whole request does. */
    volatile RuntimeException pushFailure;
    /** Runs as each push arrives, on the thread that sent it. */
    volatile Consumer<PushRequest> onPush = request -> {};

    /** Changes the next pull brings (then forgotten), as a server would send them. */
    final List<com.repairsync.protocol.Change> toPull = new ArrayList<>();

    /** The file lane, in memory. */
    final InMemoryFiles files = new InMemoryFiles();

    private final java.util.Map<String, Long> sizes = new ConcurrentHashMap<>();
    private long seq;

    /** A device joined through this transport, syncing only when asked, in batches of {@code batchSize}. */
    RepairSyncDevice joinedDevice(Path file, int batchSize) {
        return joinedDevice(file, batchSize, FileOptions.defaults());
    }

    /** {@link #joinedDevice(Path, int)} with these file options. */
    RepairSyncDevice joinedDevice(Path file, int batchSize, FileOptions files) {
        DeviceOptions options = DeviceOptions.defaults()
                .withFiles(files)
                .withAutoSync(false)
                .withClock(new MutableClock(Instant.parse("2026-11-24T09:00:00Z")))
                .withBatchSize(batchSize)
                .withTransport((url, tokens) -> this);
        RepairSyncDevice device = RepairSyncDevice.open(file, "http://unused", options);
        device.join("owner@shop.test", "secret", "desk");
        return device;
    }

    @Override
    public Session login(String email, String password, String deviceName, String knownDevice) {
        return new Session("access", "refresh", 900, UUID.randomUUID().toString(), employeeId, "admin", deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        return login(null, null, null, deviceId);
    }

    @Override
    public synchronized PushResponse push(PushRequest request) {
        pushes.add(request);
        onPush.accept(request);
        if (pushFailure != null) {
            throw pushFailure;
        }
        switch (mode) {
            case BUSY -> throw new ServerBusyException(503, "scripted 503", null);
            case OFFLINE -> throw new OfflineException("scripted outage", null);
            default -> {
                if (request.mutations().size() > maxBatch) {
                    throw new RequestRejectedException(
                            413, ErrorCode.PAYLOAD_TOO_LARGE, "mutations", "more than " + maxBatch + " mutations");
                }
                List<PushResult> results = new ArrayList<>();
                request.mutations()
                        .forEach(m -> results.add(
                                refusedRecords.contains(m.recordId())
                                        ? PushResult.rejected(m.mutationId(), refusalCode, "scripted refusal", null)
                                        : lacksFile(m)
                                                ? PushResult.rejected(
                                                        m.mutationId(),
                                                        ErrorCode.FILE_MISSING,
                                                        "scripted: the file is not stored",
                                                        "fileHash")
                                                : PushResult.applied(m.mutationId(), ++seq, List.of())));
                return new PushResponse(results, seq, null);
            }
        }
    }

    /** An attachment whose file the in-memory lane does not store, refused as the server refuses it. */
    private boolean lacksFile(com.repairsync.protocol.Mutation mutation) {
        if (!"attachments".equals(mutation.entity()) || mutation.fields() == null) {
            return false;
        }
        com.fasterxml.jackson.databind.JsonNode hash = mutation.fields().get("fileHash");
        return hash != null && !files.stored.containsKey(hash.asText());
    }

    @Override
    public synchronized PullResponse pull(PullQuery query) {
        if (mode == Mode.OFFLINE) {
            throw new OfflineException("scripted outage", null);
        }
        if (!toPull.isEmpty() && query.cursor() < seq) {
            List<com.repairsync.protocol.Change> changes = List.copyOf(toPull);
            toPull.clear();
            return new PullResponse(changes, seq, false, seq, null);
        }
        return new PullResponse(List.of(), Math.max(seq, query.cursor()), false, seq, null);
    }

    @Override
    public com.repairsync.protocol.FileUpload beginUpload(String hash, long size) {
        sizes.put(hash, size);
        return files.begin(hash, size);
    }

    @Override
    public com.repairsync.protocol.FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        return files.chunk(hash, sizes.get(hash), index, bytes, chunkSha256);
    }

    @Override
    public <T> T download(String hash, long from, FileReader<T> reader) {
        return files.download(hash, from, reader);
    }

    @Override
    public void setPassword(String employeeId, String password) {}

    @Override
    public java.util.OptionalInt serverProtocol() {
        return serves == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(serves);
    }

    @Override
    public void logout(String refreshToken) {}

    @Override
    public void health() {
        if (mode == Mode.OFFLINE) {
            throw new OfflineException("scripted outage", null);
        }
    }

    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        throw new OfflineException("no realtime in scripted tests", null);
    }

    @Override
    public void close() {}

    /** A change the next pull brings, at the next sequence. */
    synchronized void willPull(String entity, String id, String recordJson) {
        willPull(entity, id, recordJson, false);
    }

    /** {@link #willPull(String, String, String)}, as an erasure of the record's personal values if {@code erased}. */
    synchronized void willPull(String entity, String id, String recordJson, boolean erased) {
        toPull.add(new com.repairsync.protocol.Change(
                entity, id, ++seq, false, com.repairsync.protocol.RecordText.of(recordJson), erased));
    }

    synchronized int pushCount() {
        return pushes.size();
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
