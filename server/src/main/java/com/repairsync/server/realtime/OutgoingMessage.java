package com.repairsync.server.realtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A realtime message encoded once, for every socket it goes to: its JSON text and that text in
 * UTF-8, which a transport can write as the frame's payload without encoding it again per socket.
 */
public final class OutgoingMessage {
    private final String text;
    private final ByteBuffer utf8;

    private OutgoingMessage(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    /** Encodes {@code text} in UTF-8, once. */
    public static OutgoingMessage of(String text) {
        return new OutgoingMessage(text, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The message as text, for a transport that takes text. */
    public String text() {
        return text;
    }

    /** Its size in UTF-8 bytes, as it goes on the wire (before framing). */
    public int bytes() {
        return utf8.capacity();
    }

    /**
     * Its UTF-8 bytes, as a read-only view of their own (position 0, limit {@link #bytes()}): a
     * transport may consume it as it writes, and each socket gets a new one, without a copy.
     */
    public ByteBuffer utf8() {
        return utf8.duplicate();
    }
}
