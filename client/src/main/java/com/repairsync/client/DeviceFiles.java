package com.repairsync.client;

import com.repairsync.client.internal.HeldSurrender;
import com.repairsync.client.internal.KeyVault;
import com.repairsync.client.internal.LocalDatabase;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A device's files: its database, encrypted with its key from the device's {@link DeviceKeys}, and,
 * when the shop removed the device and asked it to wipe, deleting the database, the files beside
 * it and its key.
 */
final class DeviceFiles {
    private final Path file;
    private final Optional<KeyVault> vault;

    DeviceFiles(Path file, DeviceOptions options) {
        this.file = file;
        this.vault = options.keys().vault();
    }

    /**
     * Opens (or creates) the database. One the shop asked to wipe, whose wipe was cut short (the
     * app stopped first), is deleted first: the device starts clean.
     */
    LocalDatabase open() {
        LocalDatabase db = openAsItIs();
        if (HeldSurrender.wipeRequested(db)) {
            db.close();
            destroy();
            db = openAsItIs();
        }
        return db;
    }

    private LocalDatabase openAsItIs() {
        return vault.map(keys -> LocalDatabase.open(file, keys)).orElseGet(() -> LocalDatabase.openUnencrypted(file));
    }

    /**
     * Closes the database, and deletes it with its key when the shop asked this removed device to
     * wipe (it sent up what it held first); whether it did.
     */
    boolean close(LocalDatabase db) {
        boolean wipe = HeldSurrender.wipeRequested(db);
        db.close();
        if (wipe) {
            destroy();
        }
        return wipe;
    }

    /** Deletes the closed database and its key. */
    private void destroy() {
        LocalDatabase.destroy(file, vault.orElse(null));
    }
}
