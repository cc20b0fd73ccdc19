package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device database holds the session and the shop's records: its owner alone reads it. */
class LocalDatabaseFileModeTest {
    @TempDir
    Path dir;

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void aNewDeviceDatabaseAndItsLogAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(posix(), "POSIX file permissions");
        Path file = dir.resolve("device.db");

        try (LocalDatabase db = LocalDatabase.open(file)) {
            db.transaction(tx -> {
                DeviceInfo.put(tx, DeviceInfo.DEVICE_NAME, "desk");
                return null;
            });
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            Path wal = dir.resolve("device.db-wal");
            if (Files.exists(wal)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)))
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingWorldReadableDatabaseIsNarrowedWhenOpened() throws Exception {
        assumeTrue(posix(), "POSIX file permissions");
        Path file = dir.resolve("device.db");
        LocalDatabase.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        LocalDatabase.open(file).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
