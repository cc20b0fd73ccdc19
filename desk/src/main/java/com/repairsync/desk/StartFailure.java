package com.repairsync.desk;

import java.util.Locale;

/**
 * Says in one line why the window could not open, and what to do: JavaFX's own errors are stack
 * traces about "glass" and "Quantum" that tell a shop owner nothing.
 */
final class StartFailure {
    private StartFailure() {}

    /** The one-line explanation of a failure to start JavaFX, on this machine's {@code DISPLAY}. */
    static String explain(Throwable failure) {
        return explain(failure, System.getenv("DISPLAY"));
    }

    /** The one-line explanation of a failure to start JavaFX with the given {@code DISPLAY} (null: unset). */
    static String explain(Throwable failure, String display) {
        String all = messages(failure).toLowerCase(Locale.ROOT);
        if (all.contains("gtk")) {
            return "the GTK 3 library JavaFX draws windows with is not installed; install it (Debian or Ubuntu:"
                    + " sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3) and start the desk again";
        }
        if (all.contains("display")) {
            String why = display == null || display.isBlank()
                    ? "DISPLAY is not set"
                    : "DISPLAY " + display + " does not answer";
            return "there is no screen to open the window on (" + why + "): start the desk on the"
                    + " computer's desktop, or over ssh with -X";
        }
        return "the window could not open: " + firstMessage(failure);
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }

    private static String firstMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage().strip();
            }
        }
        return failure.getClass().getName();
    }
}
