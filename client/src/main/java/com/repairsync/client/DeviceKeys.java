package com.repairsync.client;

import com.repairsync.client.internal.FolderKeyVault;
import com.repairsync.client.internal.KeyVault;
import com.repairsync.client.internal.KeyVaultChain;
import com.repairsync.client.internal.KeyringKeyVault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a device keeps the key that encrypts its database. Every device database is encrypted
 * whole with a random 256-bit key; the key lives outside the device folder, and the file {@code
 * <database>.keyid} beside the database names it by a random id (not secret). A copied database
 * file or device folder therefore holds no key; see docs/device-security.md.
 *
 * <p>Losing the key loses the database: a key is never replaced or deleted, and a database whose
 * key cannot be found fails to open with a {@link LocalStoreException} that names the key id and
 * where it was looked for.
 */
public final class DeviceKeys {
    /** How long the OS keyring may take to answer its first lookup before the key folder is used. */
    static final Duration KEYRING_PROBE = Duration.ofSeconds(3);

    private final String description;
    private final Supplier<Optional<KeyVault>> resolve;
    private Optional<KeyVault> vault;

    private DeviceKeys(String description, Supplier<Optional<KeyVault>> resolve) {
        this.description = description;
        this.resolve = resolve;
    }

    /**
     * The key setup for a shop's devices. If the environment variable {@value
     * FolderKeyVault#FOLDER_VARIABLE} names a folder, keys are files in it (tests, scripted runs).
     * Otherwise new keys go to the OS keyring (unlocked by the user's login) when one answers
     * within 3 seconds, else to the per-user key folder ({@code ~/.config/repairsync/keys} or {@code
     * $XDG_CONFIG_HOME/repairsync/keys} on Linux, {@code %APPDATA%\RepairSync\keys} on Windows,
     * {@code ~/Library/Application Support/RepairSync/keys} on macOS); existing keys are found in
     * either. The choice is made when the first device opens.
     */
    public static DeviceKeys defaults() {
        return defaults(
                System.getenv(),
                System.getProperty("os.name"),
                System.getProperty("user.home"),
                DeviceKeys::systemKeyring);
    }

    private static Optional<KeyVault> systemKeyring;

    /** The OS keyring, probed once per process: a headless machine pays the probe once. */
    private static synchronized Optional<KeyVault> systemKeyring() {
        if (systemKeyring == null) {
            systemKeyring = KeyringKeyVault.probe(KEYRING_PROBE);
        }
        return systemKeyring;
    }

    /** {@link #defaults()} with its environment and keyring probe given (tests). */
    static DeviceKeys defaults(
            Map<String, String> env, String osName, String userHome, Supplier<Optional<KeyVault>> keyring) {
        String folder = env.get(FolderKeyVault.FOLDER_VARIABLE);
        if (folder != null && !folder.isBlank()) {
            return inFolder(Path.of(folder));
        }
        Path userFolder = FolderKeyVault.userFolder(env, osName, userHome);
        return new DeviceKeys("OS keyring, else key folder " + userFolder, () -> {
            KeyVault files = new FolderKeyVault(userFolder);
            return Optional.of(keyring.get()
                    .<KeyVault>map(os -> new KeyVaultChain(List.of(os, files)))
                    .orElse(files));
        });
    }

    /** Keys as files in this folder (created 0700; each key file 0600); keep it outside device folders. */
    public static DeviceKeys inFolder(Path folder) {
        FolderKeyVault files = new FolderKeyVault(folder);
        return new DeviceKeys(files.where(), () -> Optional.of(files));
    }

    /**
     * Keys in the OS keyring only.
     *
     * @throws LocalStoreException when a device opens, if no keyring answers within 3 seconds
     */
    public static DeviceKeys osKeyring() {
        return new DeviceKeys(
                "OS keyring",
                () -> Optional.of(systemKeyring()
                        .orElseThrow(() -> new LocalStoreException(
                                "no OS keyring answered within " + KEYRING_PROBE
                                        + "; use DeviceKeys.defaults() or inFolder",
                                null))));
    }

    /**
     * No encryption: the database is plain SQLite, readable by anyone who copies it. Only for
     * benchmarks and tests that compare the cost of encryption; a shop's device never uses it. It
     * refuses to open an encrypted database, and never decrypts one.
     */
    public static DeviceKeys unencrypted() {
        return new DeviceKeys("unencrypted", Optional::empty);
    }

    /** The vault to use, found once; empty for {@link #unencrypted()}. */
    synchronized Optional<KeyVault> vault() {
        if (vault == null) {
            vault = resolve.get();
        }
        return vault;
    }

    @Override
    public String toString() {
        return "DeviceKeys[" + description + "]";
    }
}
