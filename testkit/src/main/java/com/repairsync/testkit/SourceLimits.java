package com.repairsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds Java source files and methods longer than a module allows (one job per class: a file past
 * its limit usually holds two). Reads the sources as the formatter lays them out: a method starts
 * at the first line of its declaration and ends at the closing brace at the same indentation.
 */
public final class SourceLimits {
    private static final Pattern BODY_OPENS = Pattern.compile(".*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{$");
    private static final Pattern NOT_A_METHOD = Pattern.compile(
            "^(}\\s*)?(if|for|while|switch|try|catch|else|do|synchronized|return|case)\\b.*|.*(->|\\bnew\\s).*");

    /** A type's declaration: a record's components look like a method's parameters. */
    private static final Pattern TYPE = Pattern.compile("^([\\w@]+\\s+)*(class|record|interface|enum)\\s.*");

    private final int maxFileLines;
    private final int maxMethodLines;

    public SourceLimits(int maxFileLines, int maxMethodLines) {
        this.maxFileLines = maxFileLines;
        this.maxMethodLines = maxMethodLines;
    }

    /**
     * The project's rule for the client and server: no main source past 400 lines, no method past 60.
     *
     * @throws AssertionError listing every file and method of the module's {@code src/main/java} past them
     */
    public static void assertOneJobPerClass() {
        List<String> found = new SourceLimits(400, 60).violations(Path.of("src/main/java"));
        if (!found.isEmpty()) {
            throw new AssertionError("main sources past the limits (one job per class):\n" + String.join("\n", found));
        }
    }

    /** Every file and method under {@code root} past the limits, each as "path: what (n lines)". */
    public List<String> violations(Path root) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > maxFileLines) {
                    found.add(root.relativize(file) + ": " + lines.size() + " lines (at most " + maxFileLines + ")");
                }
                for (Method method : methods(lines)) {
                    if (method.lines() > maxMethodLines) {
                        found.add(root.relativize(file) + ":" + (method.start() + 1) + ": method of " + method.lines()
                                + " lines (at most " + maxMethodLines + "): " + method.signature());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** A method or constructor: its first line (0-based), its length and its first line's text. */
    record Method(int start, int lines, String signature) {}

    static List<Method> methods(List<String> lines) {
        List<Method> methods = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!BODY_OPENS.matcher(text).matches()
                    || NOT_A_METHOD.matcher(text).matches()) {
                continue;
            }
            int start = declarationStart(lines, i);
            String first = lines.get(start);
            if (NOT_A_METHOD.matcher(first.strip()).matches()
                    || TYPE.matcher(first.strip()).matches()) {
                continue;
            }
            String closing =
                    first.substring(0, first.length() - first.stripLeading().length()) + "}";
            for (int end = i + 1; end < lines.size(); end++) {
                if (lines.get(end).equals(closing)) {
                    methods.add(new Method(start, end - start + 1, first.strip()));
                    break;
                }
            }
        }
        return methods;
    }

    /** The first line of the declaration whose body opens on line {@code open}: signatures may wrap. */
    private static int declarationStart(List<String> lines, int open) {
        int start = open;
        while (start > 0) {
            String previous = lines.get(start - 1).strip();
            if (previous.isEmpty()
                    || previous.endsWith(";")
                    || previous.endsWith("{")
                    || previous.endsWith("}")
                    || previous.endsWith("*/")
                    || previous.startsWith("@")
                    || previous.startsWith("//")) {
                return start;
            }
            start--;
        }
        return start;
    }
}
