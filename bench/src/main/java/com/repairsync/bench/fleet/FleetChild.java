package com.repairsync.bench.fleet;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A fleet child process: opens its share of the stand-ins ({@link FleetSpec}) and answers the
 * parent's commands, one per line on standard input, each with one line on standard output.
 *
 * <ul>
 *   <li>{@code CONNECTED}: {@code CONNECTED <devices open> <devices>}
 *   <li>{@code COUNTS}: {@code COUNTS} and {@link StandIns#counts()}
 *   <li>{@code TARGET shop:cursor,...}: {@code BEHIND <devices>} — devices not open, or open but
 *       not yet at their shop's cursor (a shop not named has cursor 0)
 *   <li>{@code PRESENCE}: {@code PRESENCE <sampled devices> <of them wrong>}
 *   <li>{@code QUIT}: closes the sockets and exits
 * </ul>
 */
public final class FleetChild {
    private FleetChild() {}

    /** @param args the spec file */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FleetChild <spec file>");
        }
        FleetSpec spec = FleetSpec.read(Path.of(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (StandIns standIns = new StandIns(spec)) {
            standIns.openAll();
            answer("READY " + spec.devices().size());
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ", 2);
                switch (words[0]) {
                    case "CONNECTED" ->
                        answer("CONNECTED " + standIns.connected() + " "
                                + spec.devices().size());
                    case "COUNTS" -> answer("COUNTS " + standIns.counts());
                    case "TARGET" -> answer("BEHIND " + standIns.behind(targets(words.length > 1 ? words[1] : "")));
                    case "PRESENCE" -> answer("PRESENCE " + standIns.presence());
                    case "QUIT" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown fleet command: " + line);
                }
            }
        }
    }

    private static Map<Integer, Long> targets(String text) {
        Map<Integer, Long> targets = new HashMap<>();
        for (String pair : text.split(",")) {
            if (!pair.isBlank()) {
                String[] shopAndCursor = pair.split(":");
                targets.put(Integer.parseInt(shopAndCursor[0]), Long.parseLong(shopAndCursor[1]));
            }
        }
        return targets;
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
