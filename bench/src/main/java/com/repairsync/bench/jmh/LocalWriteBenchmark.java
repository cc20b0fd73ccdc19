package com.repairsync.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.RawSqlite;
import com.repairsync.client.internal.BenchHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A device's local write (checks, the record and its outbox mutation, the rebased view: one
 * transaction, committed with synchronous=FULL) beside a raw insert of the same customer row into
 * the same table layout, one transaction per row, same pragmas. Target: device ≥ 0.5× raw. Both run
 * on an encrypted and on a plain database ({@code store}): target encrypted ≥ 0.8× plain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LocalWriteBenchmark {
    private static final Map<String, Object> CUSTOMER = Map.of(
            "firstName", "Ada",
            "lastName", "Lovelace",
            "phone", "+44 20 7946 0018",
            "email", "ada@example.test",
            "address", "12 Analytical Row, London",
            "notes", "iPhone 13, cracked screen; prefers SMS");

    /** The device database (and the raw baseline's) encrypted as a shop's is, or plain: what encryption costs. */
    @Param({"encrypted", "plain"})
    public String store;

    private Path dir;
    private BenchHook.LocalDevice device;
    private Connection raw;
    private PreparedStatement insert;
    private String json;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jmh-local-write-");
        boolean encrypted = store.equals("encrypted");
        device = BenchHook.openDetached(dir.resolve("device.db"), encrypted ? dir.resolve("keys") : null);
        raw = RawSqlite.open(dir.resolve("raw.db"), encrypted ? RawSqlite.randomKey() : null, RawSqlite.DEVICE_RECORDS);
        insert = raw.prepareStatement("INSERT INTO records (entity, id, base, view, status, updated_at)"
                + " VALUES ('customers', ?, NULL, ?, 'pending', ?)");
        ObjectNode customer = JsonNodeFactory.instance.objectNode();
        CUSTOMER.forEach((name, value) -> customer.put(name, value.toString()));
        json = customer.toString();
    }

    /** The SDK's write path: validate, permission check, record + outbox + view, commit. */
    @Benchmark
    public String deviceWrite() {
        return device.create("customers", CUSTOMER);
    }

    /** The physical limit: the same row, one INSERT, one commit (autocommit), same pragmas. */
    @Benchmark
    public int rawInsert() throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, json);
        insert.setString(3, java.time.Instant.now().toString());
        return insert.executeUpdate();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        insert.close();
        raw.close();
        device.close();
        RawSqlite.delete(dir);
    }
}
