package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void aNewDeviceFolderDatabaseLogAndKeyIdAreTheOwnersOnly() throws Exception {
        assumeTrue(posix(), "POSIX file permissions");
        Path folder = dir.resolve("new-device");
        Path file = folder.resolve("device.db");

        try (LocalDatabase db = LocalDatabase.open(file, TestKeys.vault())) {
            db.transaction(tx -> {
                DeviceInfo.put(tx, DeviceInfo.DEVICE_NAME, "desk");
                return null;
            });
            assertThat(mode(folder)).isEqualTo("rwx------");
            assertThat(List.of("device.db", "device.db-wal", "device.db-shm", "device.db.keyid"))
                    .allSatisfy(name -> assertThat(folder.resolve(name)).exists())
                    .allSatisfy(name ->
                            assertThat(mode(folder.resolve(name))).as(name).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExistingWorldReadableDatabaseIsNarrowedWhenOpened() throws Exception {
        assumeTrue(posix(), "POSIX file permissions");
        Path file = dir.resolve("device.db");
        LocalDatabase.open(file, TestKeys.vault()).close();
        Path keyId = dir.resolve("device.db.keyid");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(keyId, PosixFilePermissions.fromString("rw-r--r--"));

        LocalDatabase.open(file, TestKeys.vault()).close();

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(keyId)).isEqualTo("rw-------");
    }
}
