package com.repairsync.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database flags a world's servers get: passwords only in owner-only files, never on the command line. */
class ServerDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void sqliteNeedsNoFlags() {
        ServerDatabase sqlite = ServerDatabase.sqlite();

        assertThat(sqlite.isPostgres()).isFalse();
        assertThat(sqlite.newWorld(dir)).isEmpty();
        assertThat(sqlite.cpuNanos()).isEmpty();
    }

    @Test
    void aNamedPostgresGetsItsRolesWithThePasswordsInOwnerOnlyFiles() throws Exception {
        ServerDatabase named = ServerDatabase.named(
                "jdbc:postgresql://db:5432/rs",
                new ServerDatabase.Login("rs_app", "app secret"),
                new ServerDatabase.Login("rs_owner", "owner secret"));

        List<String> flags = named.newWorld(dir);

        assertThat(named.isPostgres()).isTrue();
        assertThat(flags)
                .containsExactly(
                        "--db-url",
                        "jdbc:postgresql://db:5432/rs",
                        "--db-user",
                        "rs_app",
                        "--db-password-file",
                        dir.resolve("db-password").toString(),
                        "--db-migrate-user",
                        "rs_owner",
                        "--db-migrate-password-file",
                        dir.resolve("db-migrate-password").toString())
                .noneMatch(flag -> flag.contains("secret"));
        assertThat(Files.readString(dir.resolve("db-password"))).isEqualTo("app secret");
        assertThat(Files.readString(dir.resolve("db-migrate-password"))).isEqualTo("owner secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db-password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void withoutAnOwnerTheServersDoNotMigrate() {
        ServerDatabase named =
                ServerDatabase.named("jdbc:postgresql://db/rs", new ServerDatabase.Login("rs_app", "pw"), null);

        assertThat(named.newWorld(dir)).doesNotContain("--db-migrate-user").contains("--db-password-file");
    }

    @Test
    void aLoginNeverPrintsItsPassword() {
        assertThat(new ServerDatabase.Login("rs_app", "hunter2").toString()).isEqualTo("rs_app");
    }
}
