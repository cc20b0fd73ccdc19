package com.repairsync.cli.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes JSON Lines: one compact JSON object per line ending in {@code \n}. Line breaks inside
 * values are escaped by JSON itself, so a line is always one record. Values are as the record
 * holds them (no formula escaping: JSON is read by programs, not spreadsheets).
 */
public final class JsonlWriter {
    private final Writer out;
    private final ObjectMapper json;

    public JsonlWriter(Writer out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    public void row(ObjectNode record) {
        try {
            out.write(json.writeValueAsString(record));
            out.write('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record as JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
