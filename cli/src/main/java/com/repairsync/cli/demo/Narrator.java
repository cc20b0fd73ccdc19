package com.repairsync.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the demo's story on the terminal: a line for people as things happen, a numbered paragraph
 * per checked step, and at the end the summary table of the steps (or, with {@code --json}, only
 * the summary as one JSON document).
 */
final class Narrator {
    private final Terminal terminal;
    private final List<String[]> summary = new ArrayList<>();

    Narrator(Terminal terminal) {
        this.terminal = terminal;
    }

    /** A line of the story, for people only. */
    void say(String line) {
        terminal.say(line);
    }

    /**
     * A checked step: its numbered paragraph now, and a summary row for the end.
     *
     * @param millis how long the step's network part took, or null if that is not its point
     */
    void step(String name, String result, Long millis, String story) {
        summary.add(new String[] {name, result, millis == null ? "" : millis + " ms"});
        say("");
        say(summary.size() + ". " + name + ": " + story);
    }

    /**
     * The summary of every step and the demo's total time.
     *
     * @param keptFolder the temporary folder when {@code --keep} keeps it, else null
     */
    void printSummary(long startedNanos, Path keptFolder) {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000;
        ObjectNode result = Terminal.object().put("ok", true).put("seconds", seconds);
        ArrayNode steps = result.putArray("steps");
        summary.forEach(row ->
                steps.addObject().put("step", row[0]).put("result", row[1]).put("time", row[2]));
        if (keptFolder != null) {
            result.put("folder", keptFolder.toString());
        }
        terminal.result(result, () -> {
            terminal.line("");
            terminal.line("Summary");
            terminal.table(
                    List.of("STEP", "RESULT", "TIME"),
                    summary.stream().map(List::of).toList(),
                    80);
            terminal.line("");
            terminal.line("All steps checked in " + seconds + " s."
                    + (keptFolder != null ? " Databases kept in " + keptFolder + "." : ""));
            terminal.line("Next: run a server and two terminal devices by hand (README, Quick start).");
        });
    }
}
