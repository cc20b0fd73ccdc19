package com.repairsync.client.internal;

import com.repairsync.client.LocalStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The key of a device database and the encryption of a plain one.
 *
 * <p>A database is encrypted whole (ChaCha20-Poly1305 per page, pages and write-ahead log) with a
 * random 256-bit key used raw, so opening it costs no key derivation. The key lives in a {@link
 * KeyVault}, outside the device folder; next to the database, {@code <database>.keyid} names it by
 * a random id (not secret). A copied database file, or a copied device folder, holds no key; a moved
 * folder still finds its key.
 *
 * <p>Order matters for a crash: the key is saved durably before the id file names it, and the id
 * file is written before any page is encrypted, so no encrypted page ever exists whose key could
 * be lost. A crash leaves at worst an unused key in the vault, or a plain database with its id
 * file, which the next open encrypts. Encrypting a plain database (from a release before
 * encryption) runs SQLite3MultipleCiphers' rekey in one rollback-journaled transaction: a crash
 * midway leaves the journal of plain pages, which the next open plays back through a plain
 * connection before encrypting again.
 */
final class StoreEncryption {
    static final String KEY_ID_SUFFIX = ".keyid";
    private static final byte[] PLAIN_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** SQLITE_NOTADB: a file that is not a database, or one encrypted with another key. */
    private static final int NOT_A_DATABASE = 26;

    /** What a database file holds, judged by its first 16 bytes. */
    enum Content {
        /** No file, or an empty one. */
        NONE,
        /** A plain SQLite database. */
        PLAIN,
        /** Anything else: an encrypted database (its first 16 bytes are a random salt). */
        ENCRYPTED
    }

    private StoreEncryption() {}

    static Path keyIdFile(Path database) {
        return database.resolveSibling(database.getFileName() + KEY_ID_SUFFIX);
    }

    static Content inspect(Path database) throws IOException {
        byte[] head = new byte[PLAIN_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(database)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException absent) {
            read = 0;
        }
        if (read == 0) {
            // A plain database in WAL mode may have all its pages still in the log.
            Path log = database.resolveSibling(database.getFileName() + "-wal");
            boolean logged = Files.exists(log) && Files.size(log) > 0;
            return logged && Files.notExists(keyIdFile(database)) ? Content.PLAIN : Content.NONE;
        }
        return read == head.length && Arrays.equals(head, PLAIN_HEADER) ? Content.PLAIN : Content.ENCRYPTED;
    }

    /**
     * The key of the database: the one its id file names, or a new one (saved in the vault, then
     * named in a new id file) if it has none. A plain database is encrypted with it in place.
     *
     * @throws LocalStoreException if the database is encrypted and its key cannot be found
     */
    static byte[] prepare(Path database, KeyVault vault) throws IOException, SQLException {
        rollBackInterruptedEncryption(database);
        Content content = inspect(database);
        Path idFile = keyIdFile(database);
        Optional<String> keyId = readKeyId(idFile);
        byte[] key;
        if (keyId.isPresent()) {
            key = vault.load(keyId.get()).orElseThrow(() -> missingKey(database, keyId.get(), vault));
        } else if (content == Content.ENCRYPTED) {
            throw new LocalStoreException(
                    "device database " + database + " is encrypted, but the file naming its key (" + idFile
                            + ") is missing; put it back from where the database came from",
                    null);
        } else {
            key = newKey(idFile, vault);
        }
        if (content == Content.PLAIN) {
            encryptInPlace(database, key);
        }
        return key;
    }

    /** The key of an existing encrypted database, for tools and tests that open it directly. */
    static byte[] existingKey(Path database, KeyVault vault) throws IOException {
        Path idFile = keyIdFile(database);
        String keyId = readKeyId(idFile).orElseThrow(() -> new LocalStoreException("no key id file " + idFile, null));
        return vault.load(keyId).orElseThrow(() -> missingKey(database, keyId, vault));
    }

    /**
     * Deletes a closed database: the file, its log and shared-memory files, the file naming its key,
     * and then its key ({@code vault} null for an unencrypted one). In that order, so a crash part
     * way leaves at most a key nothing names, never a database file without its key.
     *
     * @throws LocalStoreException if a file or the key cannot be deleted
     */
    static void destroy(Path database, KeyVault vault) {
        Path idFile = keyIdFile(database);
        try {
            Optional<String> keyId = readKeyId(idFile);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
            }
            Files.deleteIfExists(idFile);
            if (vault != null) {
                keyId.ifPresent(vault::delete);
            }
        } catch (IOException e) {
            throw new LocalStoreException("cannot delete device database " + database + ": " + e, e);
        }
    }

    /** Refuses to open an encrypted database as a plain one. */
    static void checkUnencrypted(Path database) throws IOException, SQLException {
        rollBackInterruptedEncryption(database);
        if (inspect(database) == Content.ENCRYPTED) {
            throw new LocalStoreException(
                    "device database " + database + " is encrypted; open it with its key, not DeviceKeys.unencrypted()",
                    null);
        }
    }

    private static Optional<String> readKeyId(Path idFile) throws IOException {
        String text;
        try {
            text = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyVault.checkedKeyId(text));
        } catch (IllegalArgumentException e) {
            throw new LocalStoreException("key id file " + idFile + " is damaged: " + e.getMessage(), e);
        }
    }

    private static byte[] newKey(Path idFile, KeyVault vault) throws IOException {
        String keyId = UUID.randomUUID().toString();
        byte[] key = new byte[KeyVault.KEY_BYTES];
        RANDOM.nextBytes(key);
        vault.save(keyId, key); // durable before anything names it
        try {
            PrivateFiles.writeNew(idFile, (keyId + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException raced) {
            throw new LocalStoreException(
                    "key id file " + idFile + " appeared while this device was opening; open it again", raced);
        }
        return key;
    }

    private static LocalStoreException missingKey(Path database, String keyId, KeyVault vault) {
        return new LocalStoreException(
                "device database " + database + " is encrypted with key " + keyId + " (named in " + keyIdFile(database)
                        + "), which is not in the " + vault.where() + ". Without that key the database cannot be"
                        + " read: open it as the user and on the machine that made it, or point "
                        + FolderKeyVault.FOLDER_VARIABLE + " at the folder holding " + keyId + ".key",
                null);
    }

    /**
     * Encrypts a plain database in place: its log folded into the file, rollback-journal mode for
     * the rekey (SQLite3MultipleCiphers cannot rekey in WAL mode), then every page rewritten
     * encrypted in one transaction. The caller reopens it with the key and WAL.
     */
    private static void encryptInPlace(Path database, byte[] key) throws SQLException, IOException {
        SQLiteConfig plain = new SQLiteConfig();
        plain.setBusyTimeout(10_000);
        try (Connection connection =
                        DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), plain.toProperties());
                Statement statement = connection.createStatement()) {
            try (ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (checkpoint.next() && checkpoint.getInt(1) != 0) {
                    throw new LocalStoreException(
                            "device database " + database + " is in use by another process; close it to encrypt it",
                            null);
                }
            }
            expect(statement, "PRAGMA journal_mode = DELETE", "delete", database);
            statement.execute("PRAGMA cipher = 'chacha20'");
            // The same raw-key form SQLiteMCChacha20Config.withRawUnsaltedKey gives the connections.
            statement.execute("PRAGMA rekey = 'raw:" + HexFormat.of().formatHex(key) + "'");
        }
        if (inspect(database) != Content.ENCRYPTED) {
            throw new LocalStoreException("device database " + database + " is still plain after encrypting it", null);
        }
    }

    /**
     * Restores the plain database if an encryption was interrupted. A device database runs in WAL
     * mode; only the encryption runs with a rollback journal, so a journal left beside it is one
     * the rekey left, holding the plain pages it had begun to overwrite (page 1 among them,
     * perhaps). SQLite plays a hot journal back when a connection first reads; opened with the key,
     * the connection would decrypt those plain pages, so a plain connection reads first.
     */
    private static void rollBackInterruptedEncryption(Path database) throws IOException, SQLException {
        Path journal = database.resolveSibling(database.getFileName() + "-journal");
        if (Files.notExists(journal) || Files.size(journal) == 0) {
            return;
        }
        SQLiteConfig plain = new SQLiteConfig();
        plain.setBusyTimeout(10_000);
        try (Connection connection =
                        DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), plain.toProperties());
                Statement statement = connection.createStatement()) {
            statement.executeQuery("PRAGMA schema_version").close();
        } catch (SQLException e) {
            if (e.getErrorCode() != NOT_A_DATABASE) {
                throw e;
            }
            // the journal was not hot (the encryption had committed): the database is encrypted
        }
    }

    private static void expect(Statement statement, String pragma, String answer, Path database) throws SQLException {
        try (ResultSet result = statement.executeQuery(pragma)) {
            String got = result.next() ? result.getString(1) : null;
            if (!answer.equalsIgnoreCase(got)) {
                throw new LocalStoreException(
                        "device database " + database + ": " + pragma + " answered " + got + ", not " + answer, null);
            }
        }
    }
}
