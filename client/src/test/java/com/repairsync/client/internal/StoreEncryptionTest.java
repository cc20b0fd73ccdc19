package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.LocalStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device database is encrypted with a key kept outside its folder, found again by the id beside it. */
class StoreEncryptionTest {
    private static final String SECRET = "Zebediah Quartermaine";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("device").resolve("device.db");
    }

    private FolderKeyVault keys() {
        return new FolderKeyVault(dir.resolve("keys"));
    }

    private static void write(LocalDatabase db, String value) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.DEVICE_NAME, value);
            return null;
        });
    }

    private static String read(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_NAME).orElseThrow());
    }

    private static String keyId(Path file) throws Exception {
        return Files.readString(file.resolveSibling("device.db.keyid")).strip();
    }

    @Test
    void aNewDatabaseIsEncryptedAndOpensAgainWithItsKey() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(file(), keys())) {
            write(db, SECRET);
        }

        assertThat(StoreEncryption.inspect(file())).isEqualTo(StoreEncryption.Content.ENCRYPTED);
        assertThat(new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1))
                .doesNotContain(SECRET);
        assertThat(keys().load(keyId(file()))).isPresent();
        assertThatThrownBy(() -> {
                    try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file())) {
                        plain.createStatement().executeQuery("SELECT * FROM device_info");
                    }
                })
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SQLITE_NOTADB");
        try (LocalDatabase db = LocalDatabase.open(file(), keys())) {
            assertThat(read(db)).isEqualTo(SECRET);
        }
    }

    @Test
    void aMovedDeviceFolderStillFindsItsKey() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(file(), keys())) {
            write(db, SECRET);
        }
        Path moved = Files.move(file().getParent(), dir.resolve("moved"));

        try (LocalDatabase db = LocalDatabase.open(moved.resolve("device.db"), keys())) {
            assertThat(read(db)).isEqualTo(SECRET);
        }
    }

    @Test
    void withoutItsKeyTheDatabaseFailsToOpenNamingTheKeyAndWhereItLooked() throws Exception {
        LocalDatabase.open(file(), keys()).close();
        FolderKeyVault elsewhere = new FolderKeyVault(dir.resolve("other-keys"));

        assertThatThrownBy(() -> LocalDatabase.open(file(), elsewhere))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(keyId(file()))
                .hasMessageContaining(elsewhere.folder().toString())
                .hasMessageContaining(FolderKeyVault.FOLDER_VARIABLE);
        assertThat(elsewhere.folder()).doesNotExist();
    }

    @Test
    void anEncryptedDatabaseWithoutItsKeyIdFileGetsNoNewKey() throws Exception {
        LocalDatabase.open(file(), keys()).close();
        Path idFile = file().resolveSibling("device.db.keyid");
        Files.delete(idFile);

        assertThatThrownBy(() -> LocalDatabase.open(file(), keys()))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("device.db.keyid")
                .hasMessageContaining("missing");
        assertThat(idFile).doesNotExist();
    }

    @Test
    void anUnencryptedOpenRefusesAnEncryptedDatabase() {
        LocalDatabase.open(file(), keys()).close();

        assertThatThrownBy(() -> LocalDatabase.openUnencrypted(file()))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void whenTheKeyCannotBeSavedNothingIsEncryptedWithIt() throws Exception {
        KeyVault broken = new KeyVault() {
            @Override
            public Optional<byte[]> load(String keyId) {
                return Optional.empty();
            }

            @Override
            public void save(String keyId, byte[] key) {
                throw new LocalStoreException("disk full", null);
            }

            @Override
            public void delete(String keyId) {
                throw new LocalStoreException("disk full", null);
            }

            @Override
            public String where() {
                return "broken vault";
            }
        };

        assertThatThrownBy(() -> LocalDatabase.open(file(), broken)).hasMessageContaining("disk full");
        assertThat(file().resolveSibling("device.db.keyid")).doesNotExist();
        assertThat(StoreEncryption.inspect(file())).isEqualTo(StoreEncryption.Content.NONE);
    }

    @Test
    void aPlainDatabaseLeftByACrashAfterItsKeyIdWasWrittenIsEncryptedOnTheNextOpen() throws Exception {
        try (LocalDatabase db = LocalDatabase.openUnencrypted(file())) {
            write(db, SECRET);
        }
        String keyId = UUID.randomUUID().toString();
        keys().save(keyId, new byte[KeyVault.KEY_BYTES]);
        Files.writeString(file().resolveSibling("device.db.keyid"), keyId + "\n");

        try (LocalDatabase db = LocalDatabase.open(file(), keys())) {
            assertThat(read(db)).isEqualTo(SECRET);
        }
        assertThat(StoreEncryption.inspect(file())).isEqualTo(StoreEncryption.Content.ENCRYPTED);
        assertThat(keyId(file())).isEqualTo(keyId);
    }

    @Test
    void anEncryptionInterruptedMidwayIsRolledBackToThePlainDatabaseAndDoneAgain() throws Exception {
        try (LocalDatabase db = LocalDatabase.openUnencrypted(file())) {
            write(db, SECRET);
        }
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = plain.createStatement()) {
            statement.execute("CREATE TABLE filler (v TEXT)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                    + " INSERT INTO filler SELECT printf('%0200d', i) FROM n");
        }
        // The files as a crash mid-rekey leaves them: pages overwritten in the database file, their
        // plain originals in the rollback journal, page 1 among them (written encrypted, here random).
        Path crashed = Files.createDirectories(dir.resolve("crashed")).resolve("device.db");
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = plain.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
            statement.execute("PRAGMA cache_size = 2");
            plain.setAutoCommit(false);
            statement.execute("CREATE TABLE rewritten (a)"); // changes page 1 (the schema), journaling it
            statement.executeUpdate("UPDATE filler SET v = 'overwritten'");
            Files.copy(file(), crashed);
            Files.copy(file().resolveSibling("device.db-journal"), crashed.resolveSibling("device.db-journal"));
            plain.rollback();
        }
        assertThat(Files.mismatch(file(), crashed)).as("pages were overwritten").isNotNegative();
        byte[] page1 = new byte[4096];
        new java.util.Random(1).nextBytes(page1);
        try (var channel = java.nio.channels.FileChannel.open(crashed, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(page1), 0);
        }
        String keyId = UUID.randomUUID().toString();
        keys().save(keyId, new byte[KeyVault.KEY_BYTES]);
        Files.writeString(crashed.resolveSibling("device.db.keyid"), keyId + "\n");

        try (LocalDatabase db = LocalDatabase.open(crashed, keys())) {
            assertThat(read(db)).isEqualTo(SECRET);
            Optional<Integer> overwritten = db.transaction(
                    tx -> tx.queryOne("SELECT count(*) FROM filler WHERE v = 'overwritten'", row -> row.getInt(1)));
            assertThat(overwritten).contains(0);
        }
        assertThat(StoreEncryption.inspect(crashed)).isEqualTo(StoreEncryption.Content.ENCRYPTED);
        assertThat(crashed.resolveSibling("device.db-journal")).doesNotExist();
    }
}
