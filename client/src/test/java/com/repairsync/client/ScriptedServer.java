package com.repairsync.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.RecordText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * A scripted server for what a device does with what the server sends (wire version 6:
 * tombstones with values, erased records): applies every push (marking the fields it is told as
 * superseded, leaving the records it holds unanswered) and hands out the pages it is given, else
 * an empty one. Sign-in and the file lane are a {@link ScriptedTransport}'s.
 */
final class ScriptedServer extends ForwardingSyncTransport {
    private final Map<String, Set<String>> superseded = new HashMap<>();
    private final Set<String> held = new HashSet<>();
    private final Queue<PullResponse> pages = new ArrayDeque<>();
    private long seq;

    ScriptedServer() {
        super(new ScriptedTransport());
    }

    void supersede(String recordId, String field) {
        superseded.computeIfAbsent(recordId, id -> new HashSet<>()).add(field);
    }

    void hold(String recordId) {
        held.add(recordId);
    }

    Change live(String entity, String id, ObjectNode record, boolean erased) {
        return new Change(entity, id, ++seq, false, RecordText.of(record), erased);
    }

    Change erased(String entity, String id, ObjectNode record) {
        return live(entity, id, record, true);
    }

    /** A tombstone: with the record's values as a pull carries them, or without (null) as a realtime message. */
    Change tombstone(String entity, String id, ObjectNode record) {
        return new Change(entity, id, ++seq, true, record == null ? null : RecordText.of(record), false);
    }

    /** A device joined through this server, syncing only when asked. */
    RepairSyncDevice joinedDevice(java.nio.file.Path file, DeviceKeys keys) {
        DeviceOptions options = DeviceOptions.defaults()
                .withKeys(keys)
                .withPinCost(PinCost.TEST_ONLY)
                .withAutoSync(false)
                .withClock(new com.repairsync.testkit.MutableClock(java.time.Instant.parse("2026-11-24T09:00:00Z")))
                .withTransport((url, tokens) -> this);
        RepairSyncDevice device = RepairSyncDevice.open(file, "http://unused", options);
        device.join("owner@shop.test", "secret", "desk");
        return device;
    }

    Change erasedTombstone(String entity, String id, ObjectNode record) {
        return new Change(entity, id, ++seq, true, RecordText.of(record), true);
    }

    synchronized void send(Change... changes) {
        pages.add(new PullResponse(List.of(changes), seq, false, seq, null));
    }

    @Override
    public synchronized PushResponse push(PushRequest request) {
        List<PushResult> results = new ArrayList<>();
        for (Mutation mutation : request.mutations()) {
            if (held.contains(mutation.recordId())) {
                continue;
            }
            List<String> lost = new ArrayList<>();
            if (mutation.fields() != null) {
                superseded.getOrDefault(mutation.recordId(), Set.of()).stream()
                        .filter(mutation.fields()::has)
                        .forEach(lost::add);
            }
            superseded.remove(mutation.recordId());
            results.add(PushResult.applied(mutation.mutationId(), ++seq, lost));
        }
        return new PushResponse(results, seq, null);
    }

    @Override
    public synchronized PullResponse pull(PullQuery query) {
        PullResponse page = pages.poll();
        return page != null ? page : new PullResponse(List.of(), Math.max(seq, query.cursor()), false, seq, null);
    }
}
