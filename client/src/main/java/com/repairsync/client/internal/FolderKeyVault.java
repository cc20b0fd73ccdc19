package com.repairsync.client.internal;

import com.repairsync.client.LocalStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keys as files in a folder of the user's, one {@code <key id>.key} file (0600) per key, the folder
 * 0700. The folder is outside every device folder, so a copied device folder holds no key.
 */
public final class FolderKeyVault implements KeyVault {
    /** Names the key folder instead of the per-user default; tests and CLI runs point it at a scratch folder. */
    public static final String FOLDER_VARIABLE = "REPAIRSYNC_DEVICE_KEYS";

    private final Path folder;

    public FolderKeyVault(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The per-user key folder: {@code %APPDATA%\RepairSync\keys} on Windows, {@code ~/Library/
     * Application Support/RepairSync/keys} on macOS, else {@code $XDG_CONFIG_HOME/repairsync/keys}
     * or {@code ~/.config/repairsync/keys}.
     */
    public static Path userFolder(Map<String, String> env, String osName, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = isSet(appData) ? Path.of(appData) : Path.of(userHome, "AppData", "Roaming");
            return base.resolve("RepairSync").resolve("keys");
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Application Support", "RepairSync", "keys");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = isSet(xdg) && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".config");
        return base.resolve("repairsync").resolve("keys");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    public Path folder() {
        return folder;
    }

    Path fileOf(String keyId) {
        return folder.resolve(KeyVault.checkedKeyId(keyId) + ".key");
    }

    @Override
    public Optional<byte[]> load(String keyId) {
        Path file = fileOf(keyId);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalStoreException("cannot read device key file " + file + ": " + e, e);
        }
        return Optional.of(KeyVault.decode(text)
                .orElseThrow(() -> new LocalStoreException(
                        "device key file " + file + " is damaged: it does not hold 64 hex digits", null)));
    }

    @Override
    public void save(String keyId, byte[] key) {
        Path file = fileOf(keyId);
        try {
            PrivateFiles.createFolders(folder);
            PrivateFiles.narrowFolder(folder);
            PrivateFiles.writeNew(file, (KeyVault.encode(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException exists) {
            throw new LocalStoreException(
                    "device key file " + file + " exists already; a key is never replaced", exists);
        } catch (IOException e) {
            throw new LocalStoreException("cannot save device key file " + file + ": " + e, e);
        }
    }

    @Override
    public void delete(String keyId) {
        Path file = fileOf(keyId);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LocalStoreException("cannot delete device key file " + file + ": " + e, e);
        }
    }

    @Override
    public String where() {
        return "key folder " + folder;
    }

    @Override
    public String toString() {
        return where();
    }
}
