package com.repairsync.client.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A held file's bytes, read one chunk at a time, each in a short transaction of its own, so a
 * slow reader (a viewer, a copy to a USB stick) never holds the device's database.
 */
final class HeldFileStream extends InputStream {
    private final LocalDatabase db;
    private final String hash;
    private final int chunks;
    private int next;
    private byte[] current = new byte[0];
    private int position;

    HeldFileStream(LocalDatabase db, String hash) {
        this.db = db;
        this.hash = hash;
        this.chunks = db.transaction(tx -> LocalFiles.chunksHeld(tx, hash));
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int take = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, take);
        position += take;
        return take;
    }

    private boolean fill() throws IOException {
        while (position >= current.length) {
            if (next >= chunks) {
                return false;
            }
            int index = next++;
            try {
                current = db.transaction(tx -> LocalFiles.chunk(tx, hash, index));
            } catch (RuntimeException e) {
                throw new IOException("cannot read chunk " + index + " of file " + hash + ": " + e.getMessage(), e);
            }
            position = 0;
        }
        return true;
    }
}
