package com.repairsync.desk.backend;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The result of a backend call, delivered on the JavaFX thread. It deliberately has no blocking
 * {@code get}: the UI can only react to a result, never wait for one.
 *
 * @param <T> the result
 */
public final class Later<T> {
    private final CompletableFuture<T> future;

    Later(CompletableFuture<T> future) {
        this.future = future;
    }

    /** Runs {@code onResult} on the JavaFX thread when the call succeeds; failures go to the default handler. */
    public void then(Consumer<? super T> onResult) {
        then(onResult, DeskBackend::reportUnhandled);
    }

    /** Runs one of the two on the JavaFX thread when the call finishes. */
    public void then(Consumer<? super T> onResult, Consumer<Throwable> onError) {
        future.whenComplete((value, error) -> Platform.runLater(() -> {
            if (error == null) {
                onResult.accept(value);
            } else {
                onError.accept(
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        }));
    }
}
