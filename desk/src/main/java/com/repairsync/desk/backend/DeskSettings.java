package com.repairsync.desk.backend;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * What the desk remembers next to its device database ({@code desk.properties}): the server, the
 * appointments range, and {@code lockAfterMinutes}, how long the desk may sit without mouse or
 * keyboard input before it locks (1 to 480, default 5; there is no "never": a shop desk is left
 * unattended, and the lock is what keeps the next person at it out of the shop's data).
 */
final class DeskSettings {
    private final Path file;
    private final Properties values = new Properties();

    private DeskSettings(Path file) {
        this.file = file;
    }

    /** The default of {@code lockAfterMinutes}. */
    static final int DEFAULT_LOCK_AFTER_MINUTES = 5;

    static final int MAX_LOCK_AFTER_MINUTES = 480;

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException if {@code lockAfterMinutes} is not a whole number of 1 to 480
     */
    static DeskSettings load(Path file) {
        DeskSettings settings = new DeskSettings(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                settings.values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read desk settings " + file, e);
            }
        }
        settings.lockAfter(); // refuse a bad value when the desk starts, not at the first idle minute
        return settings;
    }

    Duration lockAfter() {
        String value = values.getProperty("lockAfterMinutes");
        if (value == null) {
            return Duration.ofMinutes(DEFAULT_LOCK_AFTER_MINUTES);
        }
        int minutes;
        try {
            minutes = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            minutes = -1;
        }
        if (minutes < 1 || minutes > MAX_LOCK_AFTER_MINUTES) {
            throw new IllegalArgumentException(
                    "desk settings " + file + ": lockAfterMinutes must be a whole number of 1"
                            + " to " + MAX_LOCK_AFTER_MINUTES + " (minutes without input before the desk locks), got '"
                            + value + "'");
        }
        return Duration.ofMinutes(minutes);
    }

    String serverUrl() {
        return values.getProperty("serverUrl");
    }

    void serverUrl(String url) {
        values.setProperty("serverUrl", url);
    }

    Instant appointmentsFrom() {
        return instant("appointmentsFrom");
    }

    Instant appointmentsTo() {
        return instant("appointmentsTo");
    }

    void appointments(Instant from, Instant to) {
        put("appointmentsFrom", from);
        put("appointmentsTo", to);
    }

    private Instant instant(String key) {
        String value = values.getProperty(key);
        return value == null ? null : Instant.parse(value);
    }

    private void put(String key, Instant value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.setProperty(key, value.toString());
        }
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                values.store(out, "RepairSync Desk");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write desk settings " + file, e);
        }
    }
}
