package com.repairsync.protocol;

import java.util.Objects;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds, a counter that orders events within
 * one millisecond, and the id of the node (device) that made it.
 *
 * <p>On the wire it is the string {@code MMMMMMMMMMMMMMM-CCCCC-NODE}: 15-digit zero-padded Unix
 * milliseconds, 5-digit zero-padded counter, node id. Because the numbers are zero-padded, string
 * order is clock order, and the node id breaks ties between devices.
 */
public record Hlc(long millis, int counter, String node) implements Comparable<Hlc> {

    /** Largest counter value that fits the wire format. */
    public static final int MAX_COUNTER = 99_999;

    private static final long MAX_MILLIS = 999_999_999_999_999L;
    private static final int MAX_NODE_LENGTH = 64;

    public Hlc {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("hlc millis out of range: " + millis);
        }
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("hlc counter out of range: " + counter);
        }
        Objects.requireNonNull(node, "node");
        if (node.isEmpty() || node.length() > MAX_NODE_LENGTH) {
            throw new IllegalArgumentException("hlc node must be 1.." + MAX_NODE_LENGTH + " characters");
        }
    }

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException if the text is not a well-formed HLC
     */
    public static Hlc parse(String text) {
        if (text == null || text.length() < 23 || text.charAt(15) != '-' || text.charAt(21) != '-') {
            throw new IllegalArgumentException("hlc must look like 001732451234567-00000-<node>");
        }
        long millis = parseDigits(text, 0, 15);
        int counter = (int) parseDigits(text, 16, 21);
        return new Hlc(millis, counter, text.substring(22));
    }

    private static long parseDigits(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("hlc has a non-digit at position " + i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public int compareTo(Hlc other) {
        int byMillis = Long.compare(millis, other.millis);
        if (byMillis != 0) {
            return byMillis;
        }
        int byCounter = Integer.compare(counter, other.counter);
        return byCounter != 0 ? byCounter : node.compareTo(other.node);
    }

    /** True when this timestamp is strictly later than {@code other}; null counts as earliest. */
    public boolean isAfter(Hlc other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public String toString() {
        // Zero-padded by hand: this runs for every field of every stored record (String.format was
        // 14% of the server's record writes in profiles).
        StringBuilder text = new StringBuilder(22 + node.length());
        pad(text, Long.toString(millis), 15);
        text.append('-');
        pad(text, Integer.toString(counter), 5);
        return text.append('-').append(node).toString();
    }

    private static void pad(StringBuilder text, String digits, int width) {
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }
}
