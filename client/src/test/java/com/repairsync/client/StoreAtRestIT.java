package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's acceptance test: a copied device database file, or a copied device folder, gives an
 * attacker no token, PIN hash, e-mail or customer name, and no key to read them with.
 */
class StoreAtRestIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path stolen;

    /** The secrets a device stored: its tokens, a PIN hash, a customer's names and e-mail. */
    private record Secrets(RepairSyncDevice device, Path file, List<String> values) {}

    @Test
    void aCopiedDatabaseFileHoldsNoSecretInTheClearAndDoesNotOpen() throws Exception {
        try (Devices devices = new Devices(server)) {
            Secrets secrets = deviceWithSecrets(devices, "desk", Devices.fastOptions());
            Path copy = copyWithLog(secrets.file(), stolen.resolve("file-alone"));

            assertThat(copy.resolveSibling("device.db-wal"))
                    .as("copied while the log held pages")
                    .exists();
            for (Path file : List.of(copy, copy.resolveSibling("device.db-wal"))) {
                assertThat(found(file, secrets.values())).as(file.toString()).isEmpty();
            }
            assertThatThrownBy(() -> {
                        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
                            plain.createStatement().executeQuery("SELECT value FROM device_info");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("SQLITE_NOTADB");
            assertThatThrownBy(() -> RepairSyncDevice.open(copy, "http://unused", offline(stolen.resolve("keys"))))
                    .isInstanceOf(LocalStoreException.class)
                    .hasMessageContaining("device.db.keyid");
        }
    }

    @Test
    void aCopiedDeviceFolderHoldsNeitherTheSecretsNorTheKey() throws Exception {
        try (Devices devices = new Devices(server)) {
            Secrets secrets = deviceWithSecrets(devices, "tablet", Devices.fastOptions());
            Path folder = secrets.file().getParent();
            String keyId = Files.readString(folder.resolve("device.db.keyid")).strip();
            byte[] key = TestKeys.vault().load(keyId).orElseThrow();
            Path copy = copyFolder(folder, stolen.resolve("folder"));
            secrets.device().close();

            List<String> needles = new ArrayList<>(secrets.values());
            needles.add(HexFormat.of().formatHex(key));
            needles.add(HexFormat.of().formatHex(key).toUpperCase(Locale.ROOT));
            needles.add(new String(key, StandardCharsets.ISO_8859_1));
            try (Stream<Path> files = Files.list(copy)) {
                assertThat(files.toList()).allSatisfy(file -> assertThat(found(file, needles))
                        .as(file.toString())
                        .isEmpty());
            }
            assertThatThrownBy(() -> RepairSyncDevice.open(
                            copy.resolve("device.db"), "http://unused", offline(stolen.resolve("keys"))))
                    .isInstanceOf(LocalStoreException.class)
                    .hasMessageContaining(keyId)
                    .hasMessageContaining(stolen.resolve("keys").toString());
            // With the key (the owner's machine), the same copy opens: what was scanned is the data.
            try (RepairSyncDevice owner =
                    RepairSyncDevice.open(copy.resolve("device.db"), "http://unused", offline(TestKeys.folder()))) {
                assertThat(owner.customers().all())
                        .anySatisfy(c -> assertThat(c.email()).isEqualTo("zebediah.q@example.test"));
            }
        }
    }

    @Test
    void theScanFindsTheSameSecretsInAnUnencryptedDatabase() throws Exception {
        try (Devices devices = new Devices(server)) {
            Secrets secrets =
                    deviceWithSecrets(devices, "control", Devices.fastOptions().withKeys(DeviceKeys.unencrypted()));
            secrets.device().close(); // folds the log into the file

            assertThat(found(secrets.file(), secrets.values())).containsExactlyInAnyOrderElementsOf(secrets.values());
        }
    }

    /**
     * A device that joined a real server as the shop's admin, set a technician's PIN, stored a
     * customer with name and e-mail, has a failed change and a queued one, and is still open.
     */
    private static Secrets deviceWithSecrets(Devices devices, String name, DeviceOptions options) {
        Shop shop = server.createShop();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        RepairSyncDevice device = devices.open(
                name,
                options.withAutoSync(false)
                        .withTransport((url, trust, source) ->
                                capturing(options.transport().open(url, trust, source), tokens)));
        device.join(shop.adminEmail(), TestServer.PASSWORD, name);
        String tech = device.employees().create(Map.of("firstName", "Tess", "role", "technician"));
        device.employees().setPin(tech, "4321");
        String customer = device.customers()
                .create(Map.of(
                        "firstName", "Zebediah", "lastName", "Quartermaine", "email", "zebediah.q@example.test"));
        String gone = device.customers().create(Map.of("firstName", "Leaving"));
        device.syncNow();

        Device office = shop.adminDevice("office");
        office.pushOk(List.of(Mutations.delete("customers", gone)));
        device.tickets().create(Map.of("customerId", gone, "deviceType", "laptop", "problem", "no power"));
        device.syncNow();
        device.customers().update(customer, Map.of("notes", "prefers e-mail zebediah.q@example.test"));

        assertThat(device.failedMutations()).hasSize(1);
        assertThat(device.syncState().pendingCount()).isEqualTo(1);
        List<String> values = new ArrayList<>(tokens);
        values.add(device.employees().get(tech).orElseThrow().pinHash());
        values.addAll(List.of("zebediah.q@example.test", "Zebediah", "Quartermaine"));
        return new Secrets(device, devices.file(name), values);
    }

    private static SyncTransport capturing(SyncTransport real, Set<String> tokens) {
        return new ForwardingSyncTransport(real) {
            @Override
            public Session login(String email, String password, String deviceName, String deviceId) {
                return remember(super.login(email, password, deviceName, deviceId));
            }

            @Override
            public Session refresh(String refreshToken) {
                return remember(super.refresh(refreshToken));
            }

            private Session remember(Session session) {
                tokens.add(session.accessToken());
                tokens.add(session.refreshToken());
                return session;
            }
        };
    }

    private static DeviceOptions offline(Path keys) {
        return DeviceOptions.defaults().withAutoSync(false).withKeys(DeviceKeys.inFolder(keys));
    }

    /** Which of the values occur in the file's bytes (UTF-8). */
    private static List<String> found(Path file, List<String> values) {
        try {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return values.stream()
                    .filter(value -> bytes.contains(
                            new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The database file and its log, copied as they are (the device still open), nothing else. */
    private static Path copyWithLog(Path file, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(file, to.resolve("device.db"));
        Path log = file.resolveSibling("device.db-wal");
        if (Files.exists(log)) {
            Files.copy(log, to.resolve("device.db-wal"));
        }
        return to.resolve("device.db");
    }

    private static Path copyFolder(Path folder, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
