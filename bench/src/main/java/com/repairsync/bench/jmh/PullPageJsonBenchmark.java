package com.repairsync.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.RecordText;
import com.repairsync.server.RepairSyncServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON encoding of a pull page of 1000 changes as the server does it (Jackson, the server's
 * mapper settings, the {@link PullResponse} record with each record's JSON as the database
 * rendered it, a {@link RecordText} copied in as it is), beside the floor: the same bytes copied
 * from pre-encoded changes. Scores are changes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PullPageJsonBenchmark {
    static final int PAGE = 1000;

    private final ObjectMapper json = RepairSyncServer.objectMapper();
    private PullResponse page;
    private byte[][] encodedChanges;

    @Setup
    public void setUp() throws Exception {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < PAGE; i++) {
            String id = UUID.randomUUID().toString();
            ObjectNode record = json.createObjectNode()
                    .put("id", id)
                    .put("customerId", UUID.randomUUID().toString())
                    .put("deviceType", "phone")
                    .put("deviceModel", "iPhone 13")
                    .put("serialNumber", "F2LXK" + i)
                    .put("problem", "Cracked screen, touch dead in the lower third")
                    .put("status", "in_repair")
                    .put("priority", "normal")
                    .put("estimateCents", 12900)
                    .put("createdAt", "2026-11-24T09:00:00Z")
                    .put("updatedAt", "2026-11-24T09:00:00Z");
            changes.add(new Change("tickets", id, i + 1, false, RecordText.of(record)));
        }
        page = new PullResponse(changes, PAGE, true, 100_000, "001764000000000-00000-server");
        encodedChanges = new byte[PAGE][];
        for (int i = 0; i < PAGE; i++) {
            encodedChanges[i] = json.writeValueAsBytes(changes.get(i));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public byte[] jacksonEncode() throws Exception {
        return json.writeValueAsBytes(page);
    }

    /** The floor: the page's bytes from already encoded changes (no model walk, no escaping). */
    @Benchmark
    @OperationsPerInvocation(PAGE)
    public byte[] copyEncoded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PAGE * 400);
        out.writeBytes("{\"changes\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < PAGE; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(encodedChanges[i]);
        }
        out.writeBytes("],\"cursor\":1000,\"hasMore\":true}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
