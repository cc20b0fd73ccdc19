package com.repairsync.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV: cells quoted when they hold a comma, a quote, a carriage return or a line
 * feed (quotes doubled), rows ended by CRLF. Text cells that a spreadsheet would run as a formula
 * (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) get a
 * leading {@code '}, as OWASP advises against CSV injection. Numbers and booleans the export writes
 * itself are never escaped: a stock count of -3 stays {@code -3}, while a customer named {@code -3}
 * (text) becomes {@code '-3}.
 */
public final class CsvWriter {
    private static final String LINE_END = "\r\n";

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    /** The header row: names are written as they are (quoted if needed, never formula-escaped). */
    public void header(List<String> names) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(names.get(i)));
        }
        write(line.append(LINE_END).toString());
    }

    /**
     * One record: text cells formula-escaped and quoted as needed, numbers and booleans as JSON
     * writes them, null (or a missing value) as an empty cell.
     */
    public void row(List<JsonNode> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        write(line.append(LINE_END).toString());
    }

    /** One cell as written: the rules of {@link #row} for a single value. */
    public static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isTextual()) {
            return quoted(defused(value.asText()));
        }
        return quoted(defused(value.toString())); // no entity has nested values; kept safe if one ever does
    }

    /** Text with a leading {@code '} if a spreadsheet would read it as a formula. */
    public static String defused(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        boolean formula =
                first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + text : text;
    }

    /** Text quoted per RFC 4180 when it holds a comma, a quote or a line break. */
    public static String quoted(String text) {
        boolean needs = false;
        for (int i = 0; i < text.length() && !needs; i++) {
            char c = text.charAt(i);
            needs = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private void write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
