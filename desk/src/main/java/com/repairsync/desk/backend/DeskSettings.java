package com.repairsync.desk.backend;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/** What the desk remembers next to its device database: the server and the appointments range. */
final class DeskSettings {
    private final Path file;
    private final Properties values = new Properties();

    private DeskSettings(Path file) {
        this.file = file;
    }

    static DeskSettings load(Path file) {
        DeskSettings settings = new DeskSettings(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                settings.values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read desk settings " + file, e);
            }
        }
        return settings;
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
