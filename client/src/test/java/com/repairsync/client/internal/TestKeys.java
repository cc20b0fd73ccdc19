package com.repairsync.client.internal;

import com.repairsync.client.DeviceKeys;
import java.nio.file.Path;

/**
 * The key folder of test devices: {@value FolderKeyVault#FOLDER_VARIABLE} (the build sets it to
 * {@code target/device-keys}), else {@code target/device-keys} here too, so no test writes a key
 * into the real home or keyring.
 */
public final class TestKeys {
    private TestKeys() {}

    public static Path folder() {
        String set = System.getenv(FolderKeyVault.FOLDER_VARIABLE);
        return set != null && !set.isBlank()
                ? Path.of(set)
                : Path.of("target", "device-keys").toAbsolutePath();
    }

    public static KeyVault vault() {
        return new FolderKeyVault(folder());
    }

    public static DeviceKeys deviceKeys() {
        return DeviceKeys.inFolder(folder());
    }
}
