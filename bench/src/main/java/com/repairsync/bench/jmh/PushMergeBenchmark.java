package com.repairsync.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.RawSqlite;
import com.repairsync.cli.Shops;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.sqlite.SqliteStore;
import com.repairsync.server.sync.PushService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The server merging a push batch of 500 new customers ({@link PushService} on the SQLite store:
 * dedupe, validation, permission, merge, the change log, one transaction) beside a raw insert of
 * the same 500 rows into a table with the server's customer columns, one transaction. No HTTP:
 * the load harness measures that. Scores are mutations (rows) per second. {@code history} ({@code
 * on}, as shipped, or {@code off}, {@code --record-history false}) says whether the merge writes
 * each change's history row; the load harness's {@code history} scenario compares the two end to end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class PushMergeBenchmark {
    static final int BATCH = 500;
    private static final ObjectMapper JSON = JsonMappers.shared();

    /** Whether the merge writes history: on (as shipped) or off. */
    @Param({"on", "off"})
    public String history;

    private Path dir;
    private SqliteStore store;
    private PushService push;
    private Principal principal;
    private HlcClock hlc;
    private List<ObjectNode> batch;
    private Connection raw;
    private PreparedStatement insert;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jmh-push-merge-");
        Path data = dir.resolve("server");
        RepairSyncServer server = RepairSyncServer.start(
                ServerConfig.parse(
                        new String[] {
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--data",
                            data.toString(),
                            "--argon2-memory-kib",
                            "1024",
                            "--argon2-iterations",
                            "1"
                        },
                        Map.of()),
                Clock.systemUTC());
        SyncTransport.Session session;
        try (HttpSyncTransport transport = new HttpSyncTransport(server.url())) {
            Shops.create(
                    transport.serverUrl(),
                    ServerTrust.authorities(),
                    "JMH",
                    "jmh@bench.test",
                    "jmh horse battery",
                    "J",
                    "M");
            session = transport.login("jmh@bench.test", "jmh horse battery", "jmh", null);
        } finally {
            server.stop();
        }
        store = SqliteStore.open(data, 2);
        Clock clock = Clock.systemUTC();
        push = new PushService(
                store,
                new com.repairsync.server.sync.ShopClocks(clock, "server"),
                clock,
                Duration.ofHours(1),
                (shop, from, cursor, changes, serverHlc) -> {},
                status -> {},
                switch (history) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("-p history must be on or off, got " + history);
                });
        principal = new Principal(
                session.shopId(),
                session.employeeId(),
                Role.ADMIN,
                session.deviceId(),
                Instant.now().plus(Duration.ofDays(1)));
        hlc = new HlcClock(clock, session.deviceId());
        raw = RawSqlite.open(
                dir.resolve("raw.db"),
                "CREATE TABLE customers (shop_id TEXT NOT NULL, id TEXT NOT NULL, first_name TEXT NOT NULL,"
                        + " last_name TEXT, phone TEXT, email TEXT, address TEXT, notes TEXT, seq INTEGER NOT NULL,"
                        + " deleted INTEGER NOT NULL DEFAULT 0, deleted_hlc TEXT, field_hlcs TEXT NOT NULL,"
                        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (shop_id, id))");
        raw.setAutoCommit(false);
        insert = raw.prepareStatement(
                "INSERT INTO customers (shop_id, id, first_name, last_name, phone, email,"
                        + " address, notes, seq, field_hlcs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** A new batch of new customers for every call. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ObjectNode fields = JSON.createObjectNode()
                    .put("firstName", "Alan")
                    .put("lastName", "Turing " + i)
                    .put("phone", "+44 161 496 " + i)
                    .put("email", "alan" + i + "@example.test")
                    .put("address", "Hut 8, Bletchley Park")
                    .put("notes", "ThinkPad X1, keyboard");
            Mutation mutation = new Mutation(
                    TimeOrderedIds.newId(),
                    "customers",
                    TimeOrderedIds.newId(),
                    "upsert",
                    fields,
                    null,
                    hlc.now().toString(),
                    principal.employeeId(),
                    null);
            batch.add(JSON.valueToTree(mutation));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public PushResponse serverMerge() {
        return push.push(principal, principal.deviceId(), batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawInsert() throws Exception {
        String now = Instant.now().toString();
        long seq = 0;
        for (ObjectNode mutation : batch) {
            ObjectNode fields = (ObjectNode) mutation.get("fields");
            insert.setString(1, principal.shopId());
            insert.setString(2, mutation.get("recordId").asText());
            insert.setString(3, fields.get("firstName").asText());
            insert.setString(4, fields.get("lastName").asText());
            insert.setString(5, fields.get("phone").asText());
            insert.setString(6, fields.get("email").asText());
            insert.setString(7, fields.get("address").asText());
            insert.setString(8, fields.get("notes").asText());
            insert.setLong(9, ++seq);
            insert.setString(10, "{}");
            insert.setString(11, now);
            insert.setString(12, now);
            insert.executeUpdate();
        }
        raw.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        insert.close();
        raw.close();
        store.close();
        RawSqlite.delete(dir);
    }
}
