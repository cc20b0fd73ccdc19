package com.repairsync.protocol.merge;

import java.util.LinkedHashSet;
import java.util.Set;

/** The union merge of a field of lines ({@link com.repairsync.protocol.schema.FieldSpec#unionOfLines()}). */
final class Lines {
    private Lines() {}

    /**
     * The lines of {@code held}, then those of {@code written} it lacks, one per line; blank lines
     * and repeats left out, each line stripped. Null when both hold none.
     */
    static String union(String held, String written) {
        Set<String> lines = new LinkedHashSet<>();
        add(lines, held);
        add(lines, written);
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static void add(Set<String> lines, String text) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
    }
}
