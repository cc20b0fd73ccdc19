package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.FolderKeyVault;
import com.repairsync.client.internal.KeyVault;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which vault the default key setup picks: the test folder, the OS keyring, or the per-user folder. */
class DeviceKeysTest {
    @TempDir
    Path dir;

    private final AtomicInteger probes = new AtomicInteger();

    /** An OS keyring that answers, in memory. */
    private static final class MemoryKeyring implements KeyVault {
        final Map<String, byte[]> keys = new HashMap<>();

        @Override
        public Optional<byte[]> load(String keyId) {
            return Optional.ofNullable(keys.get(keyId));
        }

        @Override
        public void save(String keyId, byte[] key) {
            keys.put(keyId, key);
        }

        @Override
        public void delete(String keyId) {
            keys.remove(keyId);
        }

        @Override
        public String where() {
            return "memory keyring";
        }
    }

    private Supplier<Optional<KeyVault>> keyring(Optional<KeyVault> answer) {
        return () -> {
            probes.incrementAndGet();
            return answer;
        };
    }

    private static byte[] key() {
        return new byte[KeyVault.KEY_BYTES];
    }

    @Test
    void theFolderVariableWinsAndTheKeyringIsNotAsked() {
        Path folder = dir.resolve("test-keys");
        DeviceKeys keys = DeviceKeys.defaults(
                Map.of(FolderKeyVault.FOLDER_VARIABLE, folder.toString()),
                "Linux",
                dir.toString(),
                keyring(Optional.of(new MemoryKeyring())));

        assertThat(keys.vault()).containsInstanceOf(FolderKeyVault.class);
        assertThat(((FolderKeyVault) keys.vault().orElseThrow()).folder()).isEqualTo(folder.toAbsolutePath());
        assertThat(probes).hasValue(0);
    }

    @Test
    void withoutAKeyringKeysGoToThePerUserFolderAndTheProbeRunsOnceWhenFirstNeeded() {
        DeviceKeys keys = DeviceKeys.defaults(
                Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()),
                "Linux",
                dir.toString(),
                keyring(Optional.empty()));
        assertThat(probes).as("not probed before a device opens").hasValue(0);

        String keyId = UUID.randomUUID().toString();
        keys.vault().orElseThrow().save(keyId, key());
        keys.vault().orElseThrow().load(keyId);

        assertThat(dir.resolve("xdg/repairsync/keys/" + keyId + ".key")).exists();
        assertThat(probes).hasValue(1);
    }

    @Test
    void aKeyringThatAnswersTakesNewKeysAndKeysInTheFolderAreStillFound() {
        MemoryKeyring os = new MemoryKeyring();
        Path home = dir.resolve("home");
        String older = UUID.randomUUID().toString();
        new FolderKeyVault(home.resolve(".config/repairsync/keys")).save(older, key());
        DeviceKeys keys = DeviceKeys.defaults(Map.of(), "Linux", home.toString(), keyring(Optional.of(os)));

        String newer = UUID.randomUUID().toString();
        keys.vault().orElseThrow().save(newer, key());

        assertThat(os.keys).containsOnlyKeys(newer);
        assertThat(home.resolve(".config/repairsync/keys/" + newer + ".key")).doesNotExist();
        assertThat(keys.vault().orElseThrow().load(older)).isPresent();
        assertThat(keys.vault().orElseThrow().where()).startsWith("memory keyring, then key folder");
    }

    @Test
    void unencryptedHasNoVault() {
        assertThat(DeviceKeys.unencrypted().vault()).isEmpty();
        assertThat(DeviceKeys.inFolder(dir).vault()).isPresent();
    }
}
