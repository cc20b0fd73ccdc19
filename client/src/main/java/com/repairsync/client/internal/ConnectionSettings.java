package com.repairsync.client.internal;

import java.util.HexFormat;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfigFactory;

/** How the device's SQLite connections are set up, plain or encrypted. */
final class ConnectionSettings {
    private ConnectionSettings() {}

    /**
     * How every connection to a plain device database is set up: WAL, synchronous=FULL, a busy
     * timeout, temporary tables and indices in memory, and secure_delete (deleted and overwritten
     * content is zeroed, so an erased customer's values do not stay in free pages). The benchmarks' raw baseline uses it too (through
     * {@link BenchHook}), so it cannot drift from the device's.
     */
    static SQLiteConfig plain() {
        return withPragmas(new SQLiteConfig());
    }

    /**
     * {@link #plain()} for a database encrypted with the key: SQLite3MultipleCiphers'
     * ChaCha20-Poly1305 (authenticated, and 0.8-0.9x plain speed where SQLCipher 4's AES-CBC with
     * HMAC-SHA512 gave 0.7x), the key used raw (no key derivation on open). Pages and write-ahead log frames are encrypted; temporary
     * files are not, so none is written (temp_store=MEMORY).
     */
    static SQLiteConfig encrypted(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a device database key has 32 bytes, not " + key.length);
        }
        // What SQLiteMCChacha20Config.getDefault().withRawUnsaltedKey(key) builds, said through the
        // driver's exported API: its module does not export org.sqlite.mc, so a device on the module
        // path could not load that builder. The factory picks the cipher config because a key is set.
        Properties cipher = new Properties();
        cipher.setProperty(SQLiteConfig.Pragma.CIPHER.getPragmaName(), "chacha20");
        cipher.setProperty(SQLiteConfig.Pragma.KDF_ITER.getPragmaName(), "64007");
        cipher.setProperty(SQLiteConfig.Pragma.LEGACY.getPragmaName(), "0");
        cipher.setProperty(SQLiteConfig.Pragma.LEGACY_PAGE_SIZE.getPragmaName(), "4096");
        cipher.setProperty(
                SQLiteConfig.Pragma.KEY.getPragmaName(), "raw:" + HexFormat.of().formatHex(key));
        return withPragmas(SQLiteConfigFactory.getFromProperties(cipher));
    }

    private static SQLiteConfig withPragmas(SQLiteConfig config) {
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        return config;
    }
}
