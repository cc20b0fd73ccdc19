package com.repairsync.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a server's TLS certificate, written as people compare it: 32 bytes
 * in upper-case hex pairs joined by colons ({@code 3A:F1:...}), as {@code openssl x509
 * -fingerprint -sha256} and browsers print it. The server prints it at start; a device pins it
 * when it joins and refuses any other certificate afterwards.
 */
public final class CertificateFingerprint {
    private static final int SHA256_BYTES = 32;

    private CertificateFingerprint() {}

    /** The fingerprint of a certificate in its DER encoding. */
    public static String of(byte[] derCertificate) {
        try {
            return format(MessageDigest.getInstance("SHA-256").digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The canonical form of a fingerprint someone typed or pasted: any case, with or without
     * colons, spaces or a {@code SHA256:} prefix.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not 64 hex digits
     */
    public static String parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a certificate fingerprint is 64 hex digits, got nothing");
        }
        String digits = text.strip().toUpperCase(Locale.ROOT);
        if (digits.startsWith("SHA256:") || digits.startsWith("SHA-256:")) {
            digits = digits.substring(digits.indexOf(':') + 1);
        }
        digits = digits.replaceAll("[:\\s]", "");
        if (digits.length() != SHA256_BYTES * 2 || !digits.chars().allMatch(CertificateFingerprint::isHexDigit)) {
            throw new IllegalArgumentException(
                    "a certificate fingerprint is 64 hex digits (SHA-256, colons allowed), got '" + shorten(text)
                            + "'");
        }
        return format(HexFormat.of().parseHex(digits));
    }

    private static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
