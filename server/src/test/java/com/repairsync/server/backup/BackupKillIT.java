package com.repairsync.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.ChildJvm;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, item 3: {@code kill -9} of a backup in the middle of its copy leaves the live database
 * whole and serving, and no half backup under the backup's name; the next backup succeeds.
 */
class BackupKillIT {
    /**
     * Customers with 4,000 characters of notes each: about 12 MB, so the copy lasts a moment (the
     * parent sees the first few hundred KiB of the copy and kills it long before it ends).
     */
    private static final int BATCHES = 5;

    private static final int PER_BATCH = 500;

    @TempDir
    Path folder;

    @BeforeAll
    static void sqliteOnly() {
        assumeFalse(TestServer.isPostgres(), "SQLite backups; PostgreSQL is backed up with pg_dump");
    }

    @Test
    void aBackupKilledMidCopyLeavesTheLiveDatabaseIntactAndNothingUnderTheBackupsName() throws Exception {
        TestServer server = TestServer.start();
        Path dataDir = server.dataDir();
        Device desk = server.createShop().adminDevice("desk");
        Set<String> ids = new HashSet<>();
        Random random = new Random(25);
        for (int batch = 0; batch < BATCHES; batch++) {
            List<Mutations> customers = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                customers.add(Mutations.upsert("customers", id)
                        .field("firstName", "Customer " + id)
                        .field("notes", notes(random)));
            }
            desk.pushOk(customers);
        }

        Path backups = Files.createDirectories(folder.resolve("backups"));
        Path out = backups.resolve("shop.db");
        Process child = new ProcessBuilder(childCommand(dataDir, out))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // The child's signal: its temporary copy exists and SQLite has written its first pages into it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long copied;
            while ((copied = partialSize(backups)) < 256 * 1024) {
                assertThat(child.isAlive())
                        .as(
                                "the backup ended before it could be killed (exit %s); raise the data size",
                                child.isAlive() ? "-" : child.exitValue())
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("the backup never began copying")
                        .isLessThan(deadline);
                Thread.sleep(1); // polling the other process's progress, not waiting for correctness
            }
            assertThat(out).as("killed before the copy was published").doesNotExist();
            System.out.printf(
                    "killing the backup with %d of %d bytes copied%n", copied, Files.size(server.databaseFile()));
        } finally {
            child.destroyForcibly(); // SIGKILL, mid-copy
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Never a half backup under the final name; the killed copy's temporary `.shop.db.partial-…`
        // stays behind (nothing runs to delete it), which is harmless and never taken for a backup.
        assertThat(out).doesNotExist();
        try (var files = Files.list(backups)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .allMatch(name -> name.startsWith(".shop.db.partial-"));
        }

        server.stop();
        try (Connection live = DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile())) {
            assertThat(SqliteFiles.integrityCheck(live)).isEqualTo("ok");
            assertThat(BackupRestoreIT.count(live, "SELECT count(*) FROM customers"))
                    .isEqualTo(ids.size());
        }

        TestServer again = TestServer.startIn(dataDir, Clock.systemUTC(), Map.of());
        try {
            Device.Snapshot served = desk.on(again).pullAll(0);
            Set<String> customers = new HashSet<>();
            served.changes().keySet().stream()
                    .filter(key -> key.startsWith("customers/"))
                    .forEach(key -> customers.add(key.substring("customers/".length())));
            assertThat(customers).isEqualTo(ids);

            long size = SqliteBackup.backup(dataDir, out, SqliteBackup.Progress.NONE);
            assertThat(size).isEqualTo(Files.size(out));
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + out)) {
                assertThat(SqliteFiles.integrityCheck(copy)).isEqualTo("ok");
                assertThat(BackupRestoreIT.count(copy, "SELECT count(*) FROM customers"))
                        .isEqualTo(ids.size());
            }
        } finally {
            again.close();
        }
    }

    private List<String> childCommand(Path dataDir, Path out) throws IOException {
        List<String> command = new ArrayList<>(ChildJvm.onClassPath(Files.createDirectories(folder.resolve("native"))));
        command.add(BackupChild.class.getName());
        command.add(dataDir.toString());
        command.add(out.toString());
        return command;
    }

    /** The size of the backup's temporary file, or 0 while there is none. */
    private static long partialSize(Path backups) throws IOException {
        try (var files = Files.list(backups)) {
            Optional<Path> partial = files.filter(
                            file -> file.getFileName().toString().startsWith(".shop.db.partial-"))
                    .findFirst();
            return partial.isPresent() ? Files.size(partial.get()) : 0;
        } catch (java.nio.file.NoSuchFileException gone) {
            return 0;
        }
    }

    private static String notes(Random random) {
        StringBuilder notes = new StringBuilder(4000);
        for (int i = 0; i < 4000; i++) {
            notes.append((char) ('a' + random.nextInt(26)));
        }
        return notes.toString();
    }

    /** The child JVM: one backup, as {@code repairsync backup} runs it. */
    public static final class BackupChild {
        public static void main(String[] args) {
            SqliteBackup.backup(Path.of(args[0]), Path.of(args[1]), SqliteBackup.Progress.NONE);
        }
    }
}
