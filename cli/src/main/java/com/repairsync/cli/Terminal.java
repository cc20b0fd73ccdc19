package com.repairsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.protocol.JsonMappers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command writes: data on stdout (one JSON document with {@code --json}, else lines and
 * tables for people), problems and progress on stderr.
 */
public final class Terminal {
    /**
     * JSON as commands print it: the wire mapper with java.time values as ISO-8601 text, no nulls
     * dropped. Not the server's mapper: it reads answers leniently (no check for trailing text).
     */
    public static final ObjectMapper JSON = JsonMappers.wire()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final int MAX_CELL = 36;

    private final boolean json;
    private final boolean verbose;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private int lastProgressWidth;

    public Terminal(boolean json, boolean verbose, PrintStream out, PrintStream err, boolean interactive) {
        this.json = json;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** The terminal of the command being run: {@code --json} and {@code --verbose} may be given anywhere. */
    public static Terminal of(CommandSpec spec) {
        CommandLine.ParseResult result = spec.root().commandLine().getParseResult();
        boolean json = false;
        boolean verbose = false;
        for (CommandLine.ParseResult part = result; part != null; part = part.subcommand()) {
            json |= part.hasMatchedOption("--json");
            verbose |= part.hasMatchedOption("--verbose");
        }
        return new Terminal(json, verbose, System.out, System.err, System.console() != null);
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean interactive() {
        return interactive;
    }

    public PrintStream err() {
        return err;
    }

    /** Prints the command's result: the JSON value with {@code --json}, else what {@code forPeople} prints. */
    public void result(Object value, Runnable forPeople) {
        if (json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write the result as JSON: " + e.getMessage(), e);
            }
        } else {
            forPeople.run();
        }
        out.flush();
    }

    /** A line for people; nothing with {@code --json} (the JSON document is the whole output). */
    public void say(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /** A note on stderr (warnings, hints), also under {@code --json}. */
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    /** One JSON line on stdout, for streams such as {@code sync --watch --json}. */
    public void event(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the event as JSON: " + e.getMessage(), e);
        }
    }

    public void line(String text) {
        out.println(text);
    }

    /** A table with a header row; long cells are cut with an ellipsis. */
    public void table(List<String> headers, List<List<String>> rows) {
        table(headers, rows, MAX_CELL);
    }

    /** A table whose cells are cut at {@code maxCell} characters. */
    public void table(List<String> headers, List<List<String>> rows, int maxCell) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        for (List<String> row : rows) {
            all.add(row.stream().map(value -> cell(value, maxCell)).toList());
        }
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String value = row.get(i);
                line.append(value);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - value.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static String cell(String value, int maxCell) {
        if (value == null) {
            return "";
        }
        String flat = value.replace('\n', ' ');
        return flat.length() <= maxCell ? flat : flat.substring(0, maxCell - 1) + "…";
    }

    /**
     * Draws a progress bar on stderr when a person watches (a terminal, no {@code --json});
     * fraction 1 finishes the line.
     */
    public synchronized void progress(String label, double fraction, String detail) {
        if (json || !interactive) {
            return;
        }
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 30);
        String line = String.format(
                Locale.ROOT,
                "\r%-8s [%s%s] %3d%% %s",
                label,
                "#".repeat(filled),
                ".".repeat(30 - filled),
                Math.round(fraction * 100),
                detail);
        err.print(line + " ".repeat(Math.max(0, lastProgressWidth - line.length())));
        lastProgressWidth = line.length();
        if (fraction >= 1) {
            err.println();
            lastProgressWidth = 0;
        }
        err.flush();
    }

    /** Ends a progress bar where it stands (a task that stopped short of done); nothing if none is drawn. */
    public synchronized void endProgress() {
        if (lastProgressWidth > 0) {
            err.println();
            err.flush();
            lastProgressWidth = 0;
        }
    }

    /** A JSON object node, for building results. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Any value as a JSON tree. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
