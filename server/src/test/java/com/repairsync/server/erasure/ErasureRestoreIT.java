package com.repairsync.server.erasure;

import static com.repairsync.server.erasure.ErasureClient.filesHolding;
import static com.repairsync.server.erasure.ErasureClient.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.backup.SqliteBackup;
import com.repairsync.server.backup.SqliteRestore;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken before an erasure holds the erased values; restoring it, with {@code repairsync
 * restore} or behind the server's back (as PostgreSQL's own tools do), then starting the server,
 * leaves none of them: the erasure log is applied again. A record the restored database lacks
 * arrives erased when its device sends it again.
 */
class ErasureRestoreIT {
    @TempDir
    Path folder;

    @BeforeAll
    static void sqliteOnly() {
        assumeFalse(TestServer.isPostgres(), "SQLite backups and file scans");
    }

    /** A shop with an erased customer whose values a backup taken before the erasure still holds. */
    private record Erased(
            TestServer server,
            ErasureClient admin,
            Path backup,
            String marker,
            String customer,
            String later,
            Mutations laterCreate) {}

    private Erased eraseAfterABackup() {
        long seed = System.nanoTime();
        System.out.println("ErasureRestoreIT seed " + seed);
        String m = "zr" + Long.toHexString(new Random(seed).nextLong() & Long.MAX_VALUE);
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        ErasureClient admin = new ErasureClient(server, shop.adminDevice("desk"));
        String customer = newId();
        String ticket = newId();
        admin.pushOk(
                Mutations.upsert("customers", customer)
                        .field("firstName", m + "first")
                        .field("phone", m + "phone"),
                Mutations.upsert("tickets", ticket)
                        .field("customerId", customer)
                        .field("deviceType", "phone")
                        .field("problem", "screen")
                        .field("estimateCents", 9900)
                        .field("notes", m + "notes"));
        String file = admin.uploadPng(m + "file", 3);
        admin.pushOk(admin.attachment(newId(), "customerId", customer, file, m + "photo"));
        Path backup = folder.resolve("before-erasure.db");
        SqliteBackup.backup(server.dataDir(), backup, SqliteBackup.Progress.NONE);
        // A customer the backup lacks, erased too: a device still holds its create.
        String later = newId();
        Mutations laterCreate = Mutations.upsert("customers", later)
                .field("firstName", m + "laterfirst")
                .hlc(admin.device().nextHlc());
        admin.pushOk(laterCreate);
        assertThat(admin.erase(customer).status()).isEqualTo(200);
        assertThat(admin.erase(later).status()).isEqualTo(200);
        assertThat(filesHolding(server.dataDir(), m)).as("erased").isEmpty();
        assertThat(filesHolding(backup.getParent(), m))
                .as("the backup still holds them")
                .isNotEmpty();
        server.stop();
        return new Erased(server, admin, backup, m, customer, later, laterCreate);
    }

    @Test
    void theRestoreCommandAppliesTheErasureLogToTheRestoredDatabase() {
        Erased erased = eraseAfterABackup();
        Path data = erased.server().dataDir();

        SqliteRestore.Result restored = SqliteRestore.restore(data, erased.backup(), Clock.systemUTC());

        assertThat(restored.erasedAgain()).as("customer, ticket, attachment").isEqualTo(3);
        assertThat(filesHolding(data, erased.marker()))
                .as("no erased value in the data directory (database, WAL, files, the replaced database)")
                .isEmpty();
        try (TestServer running = erased.server().restart()) {
            assertRestoredShopIsErased(running, erased);
        }
    }

    @Test
    void aDatabaseRestoredBehindTheServersBackIsErasedAgainWhenItStarts() throws Exception {
        Erased erased = eraseAfterABackup();
        Path db = erased.server().databaseFile();
        Files.copy(erased.backup(), db, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-wal"));
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-shm"));
        assertThat(filesHolding(erased.server().dataDir(), erased.marker())).isNotEmpty();

        try (TestServer running = erased.server().restart()) {
            assertThat(filesHolding(erased.server().dataDir(), erased.marker())).isEmpty();
            assertRestoredShopIsErased(running, erased);
        }
    }

    /** The restored shop shows the customer erased, and the lost customer's create arrives erased. */
    private static void assertRestoredShopIsErased(TestServer running, Erased erased) {
        ErasureClient admin = new ErasureClient(running, erased.admin().device().on(running));
        JsonNode customer = admin.pullAll().get("customers/" + erased.customer());
        assertThat(customer.path("erased").asBoolean()).isTrue();
        assertThat(customer.path("record").toString()).doesNotContain(erased.marker());
        assertThat(admin.pullAll()).doesNotContainKey("customers/" + erased.later());

        // The device that created the later customer sends its create again, as after a restore.
        JsonHttp.Response resent = admin.push(List.of(erased.laterCreate()));
        assertThat(resent.status()).as("%s", resent).isEqualTo(200);
        JsonNode result = resent.body().path("results").get(0);
        assertThat(result.path("status").asText()).as("%s", result).isEqualTo("applied");
        assertThat(result.path("superseded").toString()).contains("firstName");
        JsonNode later = admin.pullAll().get("customers/" + erased.later());
        assertThat(later.path("erased").asBoolean()).isTrue();
        assertThat(later.path("record").toString()).doesNotContain(erased.marker());
        assertThat(filesHolding(running.dataDir(), erased.marker() + "laterfirst"))
                .isEmpty();
    }
}
