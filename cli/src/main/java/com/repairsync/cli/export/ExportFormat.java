package com.repairsync.cli.export;

import java.util.Locale;
import java.util.Optional;

/** The file formats of {@code repairsync export}. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header row of wire field names, for spreadsheets. */
    CSV("csv"),
    /** JSON Lines: one JSON object per record, with wire field names, for programs. */
    JSONL("jsonl");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The file of an entity in this format, such as {@code customers.csv}. */
    public String fileOf(String entity) {
        return entity + "." + extension;
    }

    /** The format a person typed ({@code csv}, {@code JSONL} ...), if it is one. */
    public static Optional<ExportFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            if (format.extension.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The accepted names, for messages: {@code csv, jsonl}. */
    public static String accepted() {
        StringBuilder names = new StringBuilder();
        for (ExportFormat format : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(format.extension);
        }
        return names.toString();
    }
}
