package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** File types are read from the bytes, never from a name. */
class FileTypesTest {
    private static Optional<String> detect(byte[] head) {
        return FileTypes.detect(head, head.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesEachAllowedTypeByItsSignature() {
        assertThat(detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}))
                .contains(FileTypes.JPEG);
        assertThat(detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}))
                .contains(FileTypes.PNG);
        assertThat(detect(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains(FileTypes.WEBP);
        assertThat(detect(ascii("\0\0\0\u0018ftypheic\0\0\0\0"))).contains(FileTypes.HEIC);
        assertThat(detect(ascii("\0\0\0\u0018ftypmif1\0\0\0\0"))).contains(FileTypes.HEIC);
        assertThat(detect(ascii("%PDF-1.7\n"))).contains(FileTypes.PDF);
    }

    @Test
    void refusesProgramsAndOtherFilesWhateverTheyAreCalled() {
        assertThat(detect(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}))
                .as("an ELF program")
                .isEmpty();
        assertThat(detect(ascii("MZ\u0090\0\u0003\0\0\0")))
                .as("a Windows program")
                .isEmpty();
        assertThat(detect(ascii("<html><script>"))).isEmpty();
        assertThat(detect(ascii("\0\0\0\u0018ftypisom\0\0\0\0")))
                .as("an MP4 video")
                .isEmpty();
        assertThat(detect(new byte[] {(byte) 0xff, (byte) 0xd8}))
                .as("too short to tell")
                .isEmpty();
        assertThat(detect(new byte[0])).isEmpty();
    }

    @Test
    void sha256IsLowerCaseHexOfSixtyFourDigits() {
        String hash = Sha256.of(ascii("abc"));
        assertThat(hash).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.isHex(hash)).isTrue();
        assertThat(Sha256.isHex(hash.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(Sha256.isHex(hash.substring(1))).isFalse();
        assertThat(Sha256.isHex(null)).isFalse();
    }
}
