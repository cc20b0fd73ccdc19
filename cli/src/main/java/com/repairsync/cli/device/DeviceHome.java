package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The folder of a terminal device: its SQLite database ({@code device.db}) and the server it
 * joined ({@code device.properties}). One folder is one device; two folders on one computer are
 * two devices.
 */
public final class DeviceHome {
    private static final String DATABASE = "device.db";
    private static final String SETTINGS = "device.properties";

    private final Path dir;

    private DeviceHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The folder given by {@code --device}, else {@code $REPAIRSYNC_DEVICE}, else {@code ~/.repairsync/device}. */
    public static DeviceHome resolve(Path option) {
        if (option != null) {
            return new DeviceHome(option);
        }
        String env = System.getenv("REPAIRSYNC_DEVICE");
        if (env != null && !env.isBlank()) {
            return new DeviceHome(Path.of(env));
        }
        return new DeviceHome(Path.of(System.getProperty("user.home"), ".repairsync", "device"));
    }

    public Path dir() {
        return dir;
    }

    /** The server this device joined, if it did. */
    public java.util.Optional<String> server() {
        Path file = dir.resolve(SETTINGS);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return java.util.Optional.ofNullable(properties.getProperty("server"));
    }

    /**
     * Opens the joined device.
     *
     * @throws CliException (not signed in) if no device joined a shop in this folder
     */
    public RepairSyncDevice open(DeviceOptions options) {
        String server = server().orElseThrow(() -> CliException.notSignedIn("no device in " + dir
                + "; join a shop first: repairsync login --server URL --email EMAIL"
                + " (or pass --device DIR of a device that did)"));
        return RepairSyncDevice.open(dir.resolve(DATABASE), server, named(TestPinCost.apply(options)));
    }

    /**
     * Opens the device for signing in to a server, creating the folder. A device joined to one
     * server cannot sign in to another (its records belong to that shop).
     */
    public RepairSyncDevice openFor(String serverUrl, DeviceOptions options) {
        String known = server().orElse(null);
        if (known != null && !known.equals(serverUrl)) {
            throw CliException.usage("--server: the device in " + dir + " belongs to " + known
                    + "; use that server or another --device folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliException.usage("--device: cannot use " + dir + " (" + e.getMessage() + ")");
        }
        return RepairSyncDevice.open(dir.resolve(DATABASE), serverUrl, named(TestPinCost.apply(options)));
    }

    /** The options with this app's name, as the owner's console shows it, unless they name one. */
    private static DeviceOptions named(DeviceOptions options) {
        return options.app() == null ? options.withApp("RepairSync CLI " + com.repairsync.client.Sdk.VERSION) : options;
    }

    /** Records the server once the device joined it. */
    public void remember(String serverUrl) {
        Properties properties = new Properties();
        properties.setProperty("server", serverUrl);
        try (Writer writer = Files.newBufferedWriter(dir.resolve(SETTINGS), StandardCharsets.UTF_8)) {
            properties.store(writer, "RepairSync terminal device");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SETTINGS), e);
        }
    }
}
