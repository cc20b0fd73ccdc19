package com.repairsync.client.internal;

import com.repairsync.client.LocalStoreException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the keys that encrypt device databases are kept, each under a key id (a random UUID, not
 * secret). A key, once saved, is never replaced, and deleted only with its database, when the shop
 * wipes a device it removed (after the device sent up what it had not sent): losing it loses the
 * database it encrypts.
 */
public interface KeyVault {
    /** Bytes of a key: 256 bits for ChaCha20. */
    int KEY_BYTES = 32;

    /**
     * The key saved under the id, if this vault holds one.
     *
     * @throws LocalStoreException if the vault cannot be read or holds a damaged key
     */
    Optional<byte[]> load(String keyId);

    /**
     * Saves a new key under the id, durably: when this returns, the key survives a crash or power
     * cut.
     *
     * @throws LocalStoreException if the vault already holds a key under the id (it is never
     *     replaced) or cannot be written
     */
    void save(String keyId, byte[] key);

    /**
     * Deletes the key saved under the id, if this vault holds one; only with its database.
     *
     * @throws LocalStoreException if the vault cannot be written
     */
    void delete(String keyId);

    /** Where this vault looks, for messages ("key folder /home/ann/.config/repairsync/keys"). */
    String where();

    /** Checks that a key id is a UUID in canonical form, so it is safe as a file or entry name. */
    static String checkedKeyId(String keyId) {
        try {
            if (UUID.fromString(keyId).toString().equals(keyId)) {
                return keyId;
            }
        } catch (IllegalArgumentException notUuid) {
            // reported below
        }
        throw new IllegalArgumentException("a key id is a lower-case UUID, got '" + keyId + "'");
    }

    /** A key as stored: 64 lower-case hex digits. */
    static String encode(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a store key has " + KEY_BYTES + " bytes, got " + key.length);
        }
        return HexFormat.of().formatHex(key);
    }

    /** The key of {@link #encode}d text, or empty if the text is not one. */
    static Optional<byte[]> decode(String text) {
        String hex = text.strip();
        if (hex.length() != 2 * KEY_BYTES || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }
}
