package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.testkit.Seeds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A message encoded once: its bytes are the text's UTF-8, and each socket's view is its own. */
class OutgoingMessageTest {
    @Test
    void bytesAreTheTextInUtf8() {
        long seed = Seeds.seed("bytesAreTheTextInUtf8");
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(40); c > 0; c--) {
                switch (random.nextInt(4)) {
                    case 0 -> text.append((char) random.nextInt(0x80));
                    case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));
                    case 2 -> text.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                    default -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                }
            }
            OutgoingMessage message = OutgoingMessage.of(text.toString());
            byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(message.bytes()).as("seed %d: %s", seed, text).isEqualTo(expected.length);
            assertThat(drain(message.utf8())).as("seed %d: %s", seed, text).isEqualTo(expected);
            assertThat(message.text()).isEqualTo(text.toString());
        }
    }

    @Test
    void eachViewIsItsOwnAndReadOnly() {
        OutgoingMessage message = OutgoingMessage.of("{\"type\":\"cursor\",\"cursor\":7}");
        ByteBuffer first = message.utf8();
        drain(first); // a transport consumed it
        ByteBuffer second = message.utf8();

        assertThat(first.hasRemaining()).isFalse();
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(message.bytes());
        assertThat(second.isReadOnly()).isTrue();
        assertThat(new String(drain(second), StandardCharsets.UTF_8)).isEqualTo(message.text());
    }

    private static byte[] drain(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
