package com.repairsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.JsonMappers;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scenario measured: named figures with units, targets checked against them, and notes
 * (a skipped peer says why here). Printed as a table and written as JSON.
 */
public final class Results {
    private static final ObjectMapper JSON = JsonMappers.shared();

    private final String scenario;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** One measured number. */
    public record Figure(String name, double value, String unit) {}

    /** A target of the issue: met when the figure is at least (or at most) the bound. */
    public record Target(String figure, String rule, double bound, double measured, boolean met) {}

    public Results(String scenario) {
        this.scenario = scenario;
    }

    /** Records a figure (a later one with the same name replaces it). */
    public Results put(String name, double value, String unit) {
        figures.put(name, new Figure(name, value, unit));
        return this;
    }

    public double get(String name) {
        Figure figure = figures.get(name);
        if (figure == null) {
            throw new IllegalArgumentException("no figure " + name + " in " + scenario);
        }
        return figure.value();
    }

    public boolean has(String name) {
        return figures.containsKey(name);
    }

    /** Checks a recorded figure against a lower bound. */
    public void atLeast(String figure, double bound) {
        double measured = get(figure);
        targets.add(new Target(figure, ">=", bound, measured, measured >= bound));
    }

    /** Checks a recorded figure against an upper bound. */
    public void atMost(String figure, double bound) {
        double measured = get(figure);
        targets.add(new Target(figure, "<=", bound, measured, measured <= bound));
    }

    public void note(String text) {
        notes.add(text);
    }

    /** Prints the figures, then the targets with met / NOT MET, then the notes. */
    public void print(PrintStream out) {
        out.println();
        out.println("== " + scenario + " ==");
        for (Figure figure : figures.values()) {
            out.printf(Locale.ROOT, "  %-44s %16s %s%n", figure.name(), format(figure.value()), figure.unit());
        }
        if (!targets.isEmpty()) {
            out.println("  -- targets --");
            for (Target target : targets) {
                out.printf(
                        Locale.ROOT,
                        "  %-44s %16s   target %s %s   %s%n",
                        target.figure(),
                        format(target.measured()),
                        target.rule(),
                        format(target.bound()),
                        target.met() ? "met" : "NOT MET");
            }
        }
        notes.forEach(note -> out.println("  note: " + note));
    }

    /** Writes the results, with the machine they ran on, as JSON. */
    public void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", scenario);
        root.put("finishedAt", Instant.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ObjectNode values = root.putObject("figures");
        ObjectNode units = root.putObject("units");
        figures.values().forEach(figure -> {
            values.put(figure.name(), figure.value());
            units.put(figure.name(), figure.unit());
        });
        targets.forEach(target -> root.withArray("targets").add(JSON.valueToTree(target)));
        notes.forEach(note -> root.withArray("notes").add(note));
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            // Indented for people reading the file; the shared mapper itself stays compact.
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
