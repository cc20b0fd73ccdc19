package com.repairsync.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.RawSqlite;
import com.repairsync.client.internal.BenchHook;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.TimeOrderedIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A device applying a pulled page of 1000 new customers (the SDK's sync engine over a transport
 * that hands it the page: one transaction with every record, conflict check and the cursor)
 * beside a raw insert of the same 1000 rows in one transaction. Scores are rows per second. Both
 * run on an encrypted and on a plain database ({@code store}): target encrypted ≥ 0.8× plain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class ApplyPageBenchmark {
    static final int PAGE = 1000;

    /** The device database (and the raw baseline's) encrypted as a shop's is, or plain: what encryption costs. */
    @Param({"encrypted", "plain"})
    public String store;

    /**
     * Record ids as the SDK makes them ({@code time-ordered}: new records land at the end of the
     * primary key's index) or random UUIDs (each lands on a random index page: the worst case, as
     * for records imported with ids of their own).
     */
    @Param({"time-ordered", "random"})
    public String ids;

    private Path dir;
    private BenchHook.LocalDevice device;
    private Runnable sync;
    private Connection raw;
    private PreparedStatement insert;
    private PullResponse page;
    private List<String> pageJson;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jmh-apply-page-");
        boolean encrypted = store.equals("encrypted");
        device = BenchHook.openDetached(dir.resolve("device.db"), encrypted ? dir.resolve("keys") : null);
        sync = device.sync(new PageTransport(), PAGE);
        raw = RawSqlite.open(dir.resolve("raw.db"), encrypted ? RawSqlite.randomKey() : null, RawSqlite.DEVICE_RECORDS);
        raw.setAutoCommit(false);
        insert = raw.prepareStatement("INSERT INTO records (entity, id, base, base_seq, view, status, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 'synced', ?)");
    }

    /** A new page of new customers for every call, so each call inserts (never updates). */
    @Setup(Level.Invocation)
    public void nextPage() {
        List<Change> changes = new ArrayList<>(PAGE);
        pageJson = new ArrayList<>(PAGE);
        for (int i = 0; i < PAGE; i++) {
            String id = ids.equals("random") ? UUID.randomUUID().toString() : TimeOrderedIds.newId();
            ObjectNode record = JsonNodeFactory.instance
                    .objectNode()
                    .put("id", id)
                    .put("firstName", "Grace")
                    .put("lastName", "Hopper " + i)
                    .put("phone", "+1 555 0100 " + i)
                    .put("email", "grace" + i + "@example.test")
                    .put("address", "1 Compiler Way, Arlington")
                    .put("notes", "Pixel 7, battery swelling")
                    .put("createdAt", "2026-11-24T09:00:00Z")
                    .put("updatedAt", "2026-11-24T09:00:00Z");
            changes.add(new Change("customers", id, ++seq, false, RecordText.of(record)));
            pageJson.add(record.toString());
        }
        page = new PullResponse(changes, seq, false, seq, null);
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public void deviceApply() {
        sync.run();
    }

    @Benchmark
    @OperationsPerInvocation(PAGE)
    public void rawInsert() throws Exception {
        String now = Instant.now().toString();
        List<Change> changes = page.changes();
        for (int i = 0; i < PAGE; i++) {
            Change change = changes.get(i);
            insert.setString(1, change.entity());
            insert.setString(2, change.recordId());
            insert.setString(3, pageJson.get(i));
            insert.setLong(4, change.seq());
            insert.setString(5, null); // a synced record's view is its base, not stored twice
            insert.setString(6, now);
            insert.executeUpdate();
        }
        raw.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        insert.close();
        raw.close();
        device.close();
        RawSqlite.delete(dir);
    }

    /** Hands the engine the current page; nothing else is called by a sync with an empty outbox. */
    private final class PageTransport implements SyncTransport {
        @Override
        public PullResponse pull(PullQuery query) {
            return page;
        }

        @Override
        public PushResponse push(PushRequest request) {
            throw new UnsupportedOperationException("the outbox is empty");
        }

        @Override
        public Session login(String email, String password, String deviceName, String deviceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Session refresh(String refreshToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void logout(String refreshToken) {}

        @Override
        public void setPassword(String employeeId, String password) {}

        @Override
        public void health() {}

        @Override
        public RealtimeConnection openRealtime(RealtimeListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
