package com.repairsync.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.repairsync.server.store.DataDirectoryLock;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online backups of a running SQLite server, and restores that change nothing when refused and never undo security. */
class BackupRestoreIT {
    @TempDir
    Path folder;

    @BeforeAll
    static void sqliteOnly() {
        assumeFalse(TestServer.isPostgres(), "SQLite backups; PostgreSQL is backed up with pg_dump");
    }

    @Test
    void aBackupTakenWhileDevicesPushOpensAndPassesTheIntegrityCheck() throws Exception {
        try (TestServer server = TestServer.start()) {
            Shop shop = server.createShop();
            List<Device> devices = List.of(shop.adminDevice("desk"), shop.adminDevice("tablet"));
            AtomicBoolean pushing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(devices.size());
            List<Future<Integer>> pushes = new ArrayList<>();
            for (Device device : devices) {
                pushes.add(pool.submit(() -> pushUntil(device, pushing)));
            }
            Path out = folder.resolve("shop.db");
            List<Long> progress = new ArrayList<>();
            try {
                devices.get(0).pushOk(customers(200));
                SqliteBackup.backup(server.dataDir(), out, (bytes, total) -> progress.add(bytes));
            } finally {
                pushing.set(false);
                pool.shutdown();
            }
            for (Future<Integer> push : pushes) {
                assertThat(push.get())
                        .as("pushes kept working during the backup")
                        .isPositive();
            }
            assertThat(Files.getPosixFilePermissions(out))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + out)) {
                assertThat(SqliteFiles.integrityCheck(copy)).isEqualTo("ok");
                assertThat(count(copy, "SELECT count(*) FROM customers")).isGreaterThanOrEqualTo(200);
            }
            try (var files = Files.list(folder)) {
                assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("shop.db");
            }
            assertThatThrownBy(() -> SqliteBackup.backup(server.dataDir(), out, SqliteBackup.Progress.NONE))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("already exists");
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedNamingIt() {
        try (TestServer server = TestServer.start()) {
            assertThatThrownBy(() -> TestServer.startIn(server.dataDir(), Clock.systemUTC(), Map.of()))
                    .isInstanceOf(DataDirectoryLock.HeldException.class)
                    .hasMessageContaining(server.dataDir().toAbsolutePath().toString());
        }
    }

    @Test
    void refusedRestoresChangeNothing() throws Exception {
        TestServer server = TestServer.start();
        Path dataDir = server.dataDir();
        Path backup = folder.resolve("backup.db");
        server.createShop();
        SqliteBackup.backup(dataDir, backup, SqliteBackup.Progress.NONE);
        assertThatThrownBy(() -> SqliteRestore.restore(dataDir, backup, Clock.systemUTC()))
                .isInstanceOf(DataDirectoryLock.HeldException.class)
                .hasMessageContaining("running RepairSync server");
        server.stop();
        Set<Path> before = listing(dataDir);
        byte[] live = Files.readAllBytes(server.databaseFile());

        Path text = Files.writeString(folder.resolve("notes.db"), "not a database at all");
        assertRefused(dataDir, text, "is not a SQLite database");
        Path foreign = folder.resolve("foreign.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes (text TEXT)");
        }
        assertRefused(dataDir, foreign, "is not a RepairSync server database");
        Path newer = folder.resolve("newer.db");
        Files.copy(backup, newer);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + newer);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__future.sql', 0, 'test', 0, 1)");
        }
        assertRefused(dataDir, newer, "newer RepairSync");

        assertThat(listing(dataDir)).isEqualTo(before);
        assertThat(Files.readAllBytes(server.databaseFile())).isEqualTo(live);
    }

    @Test
    void aRestoreKeepsTheReplacedFilesAsideAndRenewsTheHistory() throws Exception {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        String historyBefore = desk.pull("cursor=0").body().path("epoch").asText();
        Path backup = folder.resolve("backup.db");
        SqliteBackup.backup(server.dataDir(), backup, SqliteBackup.Progress.NONE);
        desk.pushOk(customers(3));
        server.stop();

        SqliteRestore.Result result = SqliteRestore.restore(server.dataDir(), backup, Clock.systemUTC());

        assertThat(result.replacedFolder()).isPresent();
        Path aside = result.replacedFolder().orElseThrow();
        assertThat(aside.getParent()).isEqualTo(server.dataDir());
        assertThat(aside.getFileName().toString()).startsWith("replaced-");
        assertThat(aside.resolve("repairsync.db")).exists();
        try (Connection replaced = DriverManager.getConnection("jdbc:sqlite:" + aside.resolve("repairsync.db"))) {
            assertThat(count(replaced, "SELECT count(*) FROM customers")).isEqualTo(3);
        }
        assertThat(server.dataDir().resolve("repairsync.db-wal")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(server.databaseFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (TestServer restored = server.restart()) {
            JsonHttp.Response page = desk.on(restored).pull("cursor=0");
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            assertThat(page.body().path("epoch").asText())
                    .isEqualTo(result.historyId())
                    .isNotEqualTo(historyBefore);
            assertThat(page.body().path("changes").findValuesAsText("entity"))
                    .as("the customers pushed after the backup went with the restore")
                    .doesNotContain("customers");
        }
    }

    @Test
    void aBackupCarriesTheFileLanesFilesAndARestorePutsThemBack() throws Exception {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        String hash = "ab" + "c".repeat(62);
        Path chunk = Path.of("files", shop.shopId(), "ab", hash, "0");
        Files.createDirectories(server.dataDir().resolve(chunk).getParent());
        Files.write(server.dataDir().resolve(chunk), new byte[] {1, 2, 3});
        Path backup = folder.resolve("with-files.db");

        SqliteBackup.backup(server.dataDir(), backup, SqliteBackup.Progress.NONE);

        assertThat(Files.readAllBytes(folder.resolve("with-files.db.files").resolve(chunk.subpath(1, 5))))
                .containsExactly(1, 2, 3);
        assertThatThrownBy(() -> SqliteBackup.backup(server.dataDir(), backup, SqliteBackup.Progress.NONE))
                .isInstanceOf(BackupException.class);
        server.stop();
        Files.delete(server.dataDir().resolve(chunk));

        SqliteRestore.restore(server.dataDir(), backup, Clock.systemUTC());

        assertThat(Files.readAllBytes(server.dataDir().resolve(chunk))).containsExactly(1, 2, 3);
    }

    private static void assertRefused(Path dataDir, Path backup, String problem) {
        assertThatThrownBy(() -> SqliteRestore.restore(dataDir, backup, Clock.systemUTC()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining(problem);
    }

    private static Set<Path> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return Set.copyOf(files.toList());
        }
    }

    static List<Mutations> customers(int count) {
        List<Mutations> mutations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mutations.add(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Customer " + i));
        }
        return mutations;
    }

    private static int pushUntil(Device device, AtomicBoolean pushing) {
        int pushed = 0;
        do {
            device.pushOk(customers(20));
            pushed++;
        } while (pushing.get());
        return pushed;
    }

    static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
