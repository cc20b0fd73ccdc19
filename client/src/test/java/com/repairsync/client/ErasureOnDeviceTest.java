package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device told that a customer (and the notes of their ticket) were erased removes every copy of
 * the personal values it holds, in the transaction that stores the change: a queued edit, the
 * acknowledged changes kept for a server restore, a conflict, a lost write still waiting, and its
 * recent history. Every table of the decrypted database is read to prove it; an unencrypted device's
 * database file and write-ahead log are scanned byte by byte (secure_delete and the checkpoint after
 * an erasure leave nothing behind).
 */
class ErasureOnDeviceTest {
    /** Every personal value the device saw of the customer and the ticket's notes. */
    private static final List<String> ERASED = List.of(
            "Gracehopper7f3a",
            "555-0100-7f3a",
            "likes tea 7f3a",
            "allergic to cats 7f3a",
            "prefers e-mail 7f3a",
            "555-0199-7f3a",
            "12 Elm Street 7f3a",
            "door code 4321 7f3a",
            "spare key under mat 7f3a",
            "signed at the desk 7f3a",
            "front 7f3a");

    @TempDir
    Path dir;

    @Test
    void anErasedCustomerLeavesNoValueInAnyTableOfTheDevice() throws Exception {
        Path file = dir.resolve("device.db");
        ScriptedServer server = new ScriptedServer();
        Ids ids;
        try (RepairSyncDevice device = server.joinedDevice(file, TestKeys.deviceKeys())) {
            ids = holdEveryKindOfCopy(device, server, file, TestKeys.vault());
            erase(device, server, ids);

            assertThat(device.customers().get(ids.customer()).orElseThrow().firstName())
                    .isEqualTo("(erased)");
            assertThat(device.tickets().get(ids.ticket()).orElseThrow().status())
                    .as("the ticket's edit keeps what is not personal")
                    .isEqualTo("ready");
            assertThat(device.conflicts()).isEmpty();
            List<String> left = valuesIn(file, TestKeys.vault());
            assertThat(left).as("erased values in the decrypted tables").isEmpty();
            assertThat(queuedFields(file, TestKeys.vault()))
                    .as("the customer's edit had nothing else to send; the ticket's keeps its status")
                    .containsExactly("tickets:{\"status\":\"ready\"}");
            assertThat(secureDelete(file, TestKeys.vault())).isTrue();
        }
    }

    @Test
    void anUnencryptedDevicesFileAndLogHoldNoErasedByteAfterTheErasure() throws Exception {
        Path file = dir.resolve("plain.db");
        ScriptedServer server = new ScriptedServer();
        try (RepairSyncDevice device = server.joinedDevice(file, DeviceKeys.unencrypted())) {
            Ids ids = holdEveryKindOfCopy(device, server, file, null);
            assertThat(rawMatches(file))
                    .as("the values are in the files before")
                    .isNotEmpty();

            erase(device, server, ids);

            assertThat(valuesIn(file, null)).isEmpty();
            assertThat(rawMatches(file))
                    .as("erased values in the database file or its write-ahead log, byte for byte")
                    .isEmpty();
        }
    }

    /**
     * An erased attachment that is deleted loses its file's bytes on the device, unless a live
     * attachment names the same file.
     */
    @Test
    void anErasedDeletedAttachmentLosesItsFileUnlessALiveOneNamesIt() throws Exception {
        Path file = dir.resolve("files.db");
        ScriptedServer server = new ScriptedServer();
        byte[] alone = FileLaneTest.jpegLike(3_000, 1);
        byte[] shared = FileLaneTest.jpegLike(3_000, 2);
        try (RepairSyncDevice device = server.joinedDevice(file, TestKeys.deviceKeys())) {
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            String first = attach(device, customer, alone, "signed at the desk 7f3a");
            String second = attach(device, customer, shared, "front 7f3a");
            String third = attach(device, customer, shared, "back");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .alias("the files uploaded and the attachments pushed")
                    .untilAsserted(() -> {
                        device.syncNow();
                        assertThat(device.syncState().pendingCount()).isZero();
                    });
            assertThat(heldFiles(file)).contains(com.repairsync.protocol.Sha256.of(alone));

            server.send(
                    server.erasedTombstone("attachments", first, attachment(first, customer, alone)),
                    server.erasedTombstone("attachments", second, attachment(second, customer, shared)));
            device.syncNow();

            assertThat(device.attachments().get(third)).isPresent();
            assertThat(heldFiles(file))
                    .as("the erased one's file is gone; the one a live attachment names stays")
                    .doesNotContain(com.repairsync.protocol.Sha256.of(alone))
                    .contains(com.repairsync.protocol.Sha256.of(shared));
            assertThat(valuesIn(file, TestKeys.vault())).isEmpty();
        }
    }

    private static String attach(RepairSyncDevice device, String customer, byte[] bytes, String caption) {
        return device.customers()
                .attach(customer, new java.io.ByteArrayInputStream(bytes), "photo.jpg", "photo", caption);
    }

    private static ObjectNode attachment(String id, String customer, byte[] bytes) {
        ObjectNode record = Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("customerId", customer)
                .put("kind", "photo")
                .put("fileHash", com.repairsync.protocol.Sha256.of(bytes))
                .put("contentType", "image/jpeg")
                .put("size", bytes.length)
                .put("addedBy", "00000000-0000-0000-0000-000000000001")
                .put("addedAt", "2026-11-24T09:00:00.000Z");
        record.putNull("caption");
        record.putNull("fileName");
        return record;
    }

    /** The hashes of the files whose bytes (any chunk) the device holds. */
    private static List<String> heldFiles(Path file) throws SQLException {
        List<String> held = new ArrayList<>();
        try (Connection connection = LocalDatabase.connect(file, TestKeys.vault());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT hash FROM file_chunks")) {
            while (rows.next()) {
                held.add(rows.getString(1));
            }
        }
        return held;
    }

    private record Ids(String customer, String ticket) {}

    /**
     * Creates the customer and a ticket (acknowledged, so kept among the acknowledged), an edit that
     * became a conflict, one that lost and still waits, a history entry, and edits still queued
     * ({@code keys} null for an unencrypted device).
     */
    private Ids holdEveryKindOfCopy(
            RepairSyncDevice device, ScriptedServer server, Path file, com.repairsync.client.internal.KeyVault keys)
            throws SQLException {
        String customer = device.customers()
                .create(Map.of("firstName", "Gracehopper7f3a", "phone", "555-0100-7f3a", "notes", "likes tea 7f3a"));
        String ticket = device.tickets()
                .create(Map.of(
                        "customerId",
                        customer,
                        "deviceType",
                        "phone",
                        "problem",
                        "cracked screen",
                        "notes",
                        "door code 4321 7f3a"));
        device.syncNow();

        // An edit of the notes that loses to a later one elsewhere: a conflict once the winner arrives.
        server.supersede(customer, "notes");
        device.customers().update(customer, Map.of("notes", "allergic to cats 7f3a"));
        device.syncNow();
        server.send(server.live("customers", customer, customerRecord(customer, "prefers e-mail 7f3a"), false));
        device.syncNow();
        assertThat(device.conflicts()).hasSize(1);

        // An edit of the phone that lost and waits for the winning value.
        server.supersede(customer, "phone");
        device.customers().update(customer, Map.of("phone", "555-0199-7f3a"));
        device.syncNow();

        // Edits still queued when the erasure arrives (the server does not answer them).
        server.hold(customer);
        server.hold(ticket);
        device.customers().update(customer, Map.of("address", "12 Elm Street 7f3a"));
        device.tickets().update(ticket, Map.of("notes", "spare key under mat 7f3a", "status", "ready"));

        // What a manager's device keeps of the shop's recent history.
        try (Connection connection = LocalDatabase.connect(file, keys);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO history (seq, entity, record_id, op, actor_id, at, changes) VALUES"
                    + " (1, 'customers', '" + customer + "', 'create', 'someone', '2026-11-24T09:00:00.000Z',"
                    + " '[{\"field\":\"firstName\",\"from\":null,\"to\":\"Gracehopper7f3a\"},"
                    + "{\"field\":\"phone\",\"from\":null,\"to\":\"555-0100-7f3a\"}]')");
        }
        assertThat(valuesIn(file, keys))
                .as("the device holds the values everywhere before")
                .hasSizeGreaterThan(5);
        return new Ids(customer, ticket);
    }

    /** The server erases the customer and the ticket's notes; the device pulls it. */
    private static void erase(RepairSyncDevice device, ScriptedServer server, Ids ids) {
        ObjectNode customer = customerRecord(ids.customer(), null).put("firstName", "(erased)");
        customer.putNull("phone");
        ObjectNode ticket = Json.MAPPER
                .createObjectNode()
                .put("id", ids.ticket())
                .put("customerId", ids.customer())
                .put("deviceType", "phone")
                .put("problem", "cracked screen")
                .put("status", "checked_in")
                .put("priority", "normal")
                .putNull("notes");
        server.send(
                server.erased("customers", ids.customer(), customer), server.erased("tickets", ids.ticket(), ticket));
        device.syncNow();
    }

    private static ObjectNode customerRecord(String id, String notes) {
        ObjectNode record = Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("firstName", "Gracehopper7f3a")
                .put("phone", "555-0100-7f3a");
        record.putNull("lastName");
        record.putNull("email");
        record.putNull("address");
        return notes == null ? record.putNull("notes") : record.put("notes", notes);
    }

    /** Every erased value found in any column of any table, as {@code table: value}. */
    static List<String> valuesIn(Path file, com.repairsync.client.internal.KeyVault keys) throws SQLException {
        return valuesIn(file, keys, ERASED);
    }

    /** Every one of {@code values} found in any column of any table, as {@code table: value}. */
    static List<String> valuesIn(Path file, com.repairsync.client.internal.KeyVault keys, List<String> values)
            throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = LocalDatabase.connect(file, keys);
                Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).contains("records", "outbox", "acknowledged", "lost_writes", "conflicts", "history");
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            String text = value instanceof byte[] bytes
                                    ? new String(bytes, StandardCharsets.ISO_8859_1)
                                    : String.valueOf(value);
                            values.stream().filter(text::contains).forEach(erased -> found.add(table + ": " + erased));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> queuedFields(Path file, com.repairsync.client.internal.KeyVault keys)
            throws SQLException {
        List<String> queued = new ArrayList<>();
        try (Connection connection = LocalDatabase.connect(file, keys);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT entity, fields FROM outbox ORDER BY seq")) {
            while (rows.next()) {
                queued.add(rows.getString(1) + ":" + rows.getString(2));
            }
        }
        return queued;
    }

    private static boolean secureDelete(Path file, com.repairsync.client.internal.KeyVault keys) throws SQLException {
        try (Connection connection = LocalDatabase.connect(file, keys);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA secure_delete")) {
            return row.next() && row.getInt(1) == 1;
        }
    }

    /** The erased values found in the raw bytes of the database file and its log. */
    private static List<String> rawMatches(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path part : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            if (!Files.exists(part)) {
                continue;
            }
            String bytes = new String(Files.readAllBytes(part), StandardCharsets.ISO_8859_1);
            ERASED.stream().filter(bytes::contains).forEach(value -> found.add(part.getFileName() + ": " + value));
        }
        return found;
    }
}
