package com.repairsync.desk;

import java.nio.file.Path;

/**
 * Starts RepairSync Desk. A plain class (not an {@code Application}) so the app runs from the
 * class path: {@code java -cp ... com.repairsync.desk.DeskMain [--device DIR] [--server URL]
 * [--demo URL] [--email E] [--password P]}.
 */
public final class DeskMain {
    private DeskMain() {}

    /**
     * What the desk was started with.
     *
     * @param device the folder of the device database (default ~/.repairsync/desk, or
     *     ~/.repairsync/desk-demo in demo mode)
     * @param server the server URL the join form starts with, or null
     * @param demo connect to the demo server (prefilled, its own device folder)
     */
    public record Options(Path device, String server, boolean demo, String email, String password) {
        private static final java.util.Set<String> FLAGS =
                java.util.Set.of("--device", "--server", "--demo", "--email", "--password");

        /**
         * Parses the command line.
         *
         * @throws IllegalArgumentException for an unknown flag or a flag without its value
         */
        public static Options parse(String... args) {
            Path device = null;
            String server = null;
            String email = null;
            String password = null;
            boolean demo = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException(usage());
                }
                if (!FLAGS.contains(flag)) {
                    throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value\n" + usage());
                }
                String value = args[++i];
                switch (flag) {
                    case "--device" -> device = Path.of(value);
                    case "--server" -> server = value;
                    case "--demo" -> {
                        server = value;
                        demo = true;
                    }
                    case "--email" -> email = value;
                    case "--password" -> password = value;
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
                }
            }
            if (device == null) {
                device = Path.of(System.getProperty("user.home"), ".repairsync", demo ? "desk-demo" : "desk");
            }
            return new Options(device, server, demo, email, password);
        }

        static String usage() {
            return "usage: DeskMain [--device DIR] [--server URL | --demo URL] [--email E] [--password P]";
        }
    }

    public static void main(String[] args) {
        try {
            DeskApp.options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        try {
            javafx.application.Application.launch(DeskApp.class);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("repairsync desk: " + StartFailure.explain(e));
            System.exit(1);
        }
    }
}
