package com.repairsync.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a password or PIN without echoing it: from the flag's file, then an environment variable,
 * then a terminal prompt, then one line of standard input when it is not a terminal (scripts).
 */
public final class Secrets {
    private Secrets() {}

    /**
     * The secret, or a usage error naming the flags that could give it.
     *
     * @param what what is asked for, such as "password"
     * @param given the value of a flag that carries it directly, or null
     * @param file the flag's file, or null
     * @param fileFlag the flag naming the file, for messages
     * @param env the environment variable that may carry it
     */
    public static String read(String what, String given, Path file, String fileFlag, String env) {
        if (given != null) {
            return given;
        }
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliException.usage(fileFlag + ": cannot read " + file + " (" + e.getMessage() + ")");
            }
        }
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s: ", capitalized(what));
            if (typed == null || typed.length == 0) {
                throw CliException.usage("no " + what + " given");
            }
            return new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw CliException.usage(
                        "no " + what + " given: pass " + fileFlag + " FILE, set " + env + ", or type it at the prompt");
            }
            return line;
        } catch (IOException e) {
            throw CliException.usage("cannot read the " + what + " from standard input: " + e.getMessage());
        }
    }

    private static String capitalized(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
