package com.repairsync.protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants on the wire and in storage: fixed-width ISO-8601 UTC with milliseconds
 * ({@code 2026-11-24T15:30:00.000Z}), so that text order is time order.
 *
 * <p>The fixed form is written and read by hand: every stored record has two instants, and going
 * through {@link DateTimeFormatter} was a quarter of the server's time reading a pull page. Other
 * ISO-8601 forms (and years outside 0000–9999) take the general path.
 */
public final class WireInstant {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int FIXED_LENGTH = 24;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 0000-01-01 and 9999-12-31 as epoch days: the years four digits can hold. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();

    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private WireInstant() {}

    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException tooFar) {
            return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        long day = Math.floorDiv(millis, MILLIS_PER_DAY);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        char[] text = new char[FIXED_LENGTH];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, ofDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, ofDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, ofDay / 1000 % 60, 2);
        text[19] = '.';
        digits(text, 20, ofDay % 1000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    /** Parses any ISO-8601 UTC instant; null gives null. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fixed = parseFixed(text);
        return fixed != null ? fixed : Instant.parse(text);
    }

    /** The fixed form read by hand, or null when the text is in any other form. */
    private static Instant parseFixed(String text) {
        if (text.length() != FIXED_LENGTH
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int milli = number(text, 20, 23);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || milli < 0) {
            return null; // not a digit somewhere, or out of range: the general parser says why
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochMilli(
                epochDay * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L + second * 1000L + milli);
    }

    /** The decimal number in text[from, to), or -1 if a character is not a digit. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
