package com.repairsync.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The file types the file lane takes, recognised by their first bytes, never by a name: a program
 * renamed {@code .jpg} is still refused. The device checks before it queues a file and the server
 * again before it keeps one.
 */
public final class FileTypes {
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String HEIC = "image/heic";
    public static final String WEBP = "image/webp";
    public static final String PDF = "application/pdf";

    /** Every type a file may have, in the order the documentation lists them. */
    public static final List<String> ALLOWED = List.of(JPEG, PNG, HEIC, WEBP, PDF);

    /** How many first bytes {@link #detect} needs at most. */
    public static final int HEAD_BYTES = 16;

    /** The largest file any server takes, whatever its own limit (1 GiB). */
    public static final long LARGEST_FILE = 1L << 30;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** ISO base media brands of HEIF images (HEIC photos of phones among them). */
    private static final List<String> HEIF_BRANDS =
            List.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");

    private FileTypes() {}

    /** The type of a file starting with these bytes (at least {@link #HEAD_BYTES} of them, or the whole file). */
    public static Optional<String> detect(byte[] head, int length) {
        if (startsWith(head, length, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (length >= 12
                && ascii(head, 0, 4).equals("RIFF")
                && ascii(head, 8, 4).equals("WEBP")) {
            return Optional.of(WEBP);
        }
        if (length >= 12 && ascii(head, 4, 4).equals("ftyp") && HEIF_BRANDS.contains(ascii(head, 8, 4))) {
            return Optional.of(HEIC);
        }
        if (startsWith(head, length, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    /** Whether the type may be shown as a picture (and so gets a thumbnail where the device can draw one). */
    public static boolean isImage(String type) {
        return type != null && type.startsWith("image/");
    }

    private static boolean startsWith(byte[] head, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int offset, int count) {
        return new String(head, offset, count, StandardCharsets.ISO_8859_1);
    }
}
