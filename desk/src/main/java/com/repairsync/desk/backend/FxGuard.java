package com.repairsync.desk.backend;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * The rule that keeps the desk responsive: no SDK or network call runs on the JavaFX thread. Each
 * guarded call checks it; a violation throws and is counted, so a UI test that drove the app can
 * assert none happened even where the exception was swallowed by a handler.
 */
public final class FxGuard {
    private static final AtomicInteger VIOLATIONS = new AtomicInteger();

    private FxGuard() {}

    /**
     * Throws if the caller is the JavaFX application thread.
     *
     * @throws FxThreadViolation on the JavaFX thread
     */
    public static void requireOffFxThread(String what) {
        if (Platform.isFxApplicationThread()) {
            VIOLATIONS.incrementAndGet();
            throw new FxThreadViolation(what + " called on the JavaFX thread; run it through DeskBackend");
        }
    }

    /** How many guarded calls were made on the JavaFX thread since the JVM started. */
    public static int violations() {
        return VIOLATIONS.get();
    }

    /** An SDK or network call was made on the JavaFX thread. */
    public static final class FxThreadViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        FxThreadViolation(String message) {
            super(message);
        }
    }
}
