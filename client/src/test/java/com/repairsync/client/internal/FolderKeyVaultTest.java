package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.repairsync.client.LocalStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: made once, 0600 in a 0700 folder, never replaced, and a damaged one is reported. */
class FolderKeyVaultTest {
    @TempDir
    Path dir;

    private final String keyId = UUID.randomUUID().toString();

    private static byte[] key(int fill) {
        byte[] key = new byte[KeyVault.KEY_BYTES];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void aSavedKeyLoadsBackAndAnUnknownIdFindsNothing() {
        FolderKeyVault vault = new FolderKeyVault(dir.resolve("keys"));
        vault.save(keyId, key(7));

        assertThat(vault.load(keyId))
                .hasValueSatisfying(loaded -> assertThat(loaded).isEqualTo(key(7)));
        assertThat(new FolderKeyVault(dir.resolve("keys")).load(keyId)).isPresent();
        assertThat(vault.load(UUID.randomUUID().toString())).isEmpty();
        assertThat(dir.resolve("keys")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aKeyIsNeverReplaced() {
        FolderKeyVault vault = new FolderKeyVault(dir.resolve("keys"));
        vault.save(keyId, key(1));

        assertThatThrownBy(() -> vault.save(keyId, key(2)))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("never replaced");
        assertThat(vault.load(keyId))
                .hasValueSatisfying(loaded -> assertThat(loaded).isEqualTo(key(1)));
    }

    @Test
    void theFolderIsTheOwnersAndEachKeyFileToo() throws Exception {
        assumeTrue(PrivateFiles.posix(dir), "POSIX file permissions");
        Path folder = dir.resolve("config").resolve("keys");
        new FolderKeyVault(folder).save(keyId, key(3));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(keyId + ".key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(folder.resolve(keyId + ".key")).strip())
                .isEqualTo(HexFormat.of().formatHex(key(3)));
    }

    @Test
    void aDamagedKeyFileIsReportedNotUsed() throws Exception {
        FolderKeyVault vault = new FolderKeyVault(dir);
        Files.writeString(dir.resolve(keyId + ".key"), "not a key\n");

        assertThatThrownBy(() -> vault.load(keyId))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(keyId + ".key")
                .hasMessageContaining("damaged");
    }

    @Test
    void aKeyIdThatIsNotAUuidNeverBecomesAPath() {
        FolderKeyVault vault = new FolderKeyVault(dir.resolve("keys"));

        assertThatThrownBy(() -> vault.load("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.save("../elsewhere", key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("elsewhere.key")).doesNotExist();
    }

    @Test
    void thePerUserFolderFollowsEachPlatformsConvention() {
        assertThat(FolderKeyVault.userFolder(Map.of(), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/repairsync/keys"));
        assertThat(FolderKeyVault.userFolder(Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/xdg/repairsync/keys"));
        assertThat(FolderKeyVault.userFolder(Map.of("XDG_CONFIG_HOME", "relative"), "Linux", "/home/ann"))
                .as("the XDG spec ignores a relative path")
                .isEqualTo(Path.of("/home/ann/.config/repairsync/keys"));
        assertThat(FolderKeyVault.userFolder(Map.of(), "Mac OS X", "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/RepairSync/keys"));
        assertThat(FolderKeyVault.userFolder(Map.of("APPDATA", "/appdata"), "Windows 11", "/users/ann"))
                .isEqualTo(Path.of("/appdata", "RepairSync", "keys"));
    }
}
