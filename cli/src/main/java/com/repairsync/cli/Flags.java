package com.repairsync.cli;

import java.util.Locale;

/** The command-line spelling of wire names: {@code firstName} is {@code --first-name}. */
public final class Flags {
    private Flags() {}

    /** The flag of a wire field name. */
    public static String of(String field) {
        return "--" + kebab(field);
    }

    public static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
