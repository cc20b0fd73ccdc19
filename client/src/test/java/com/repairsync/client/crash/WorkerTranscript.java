package com.repairsync.client.crash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a {@link CrashWorker}'s stdout, redirected to a file, while the worker runs. A file, not a
 * pipe: {@code Process.destroyForcibly()} closes the pipe's read end at once, and a worker runs on
 * for a moment after SIGKILL is sent, so the lines of writes it made then vanished (the tests saw
 * writes no line named). Every byte the worker wrote before it died is in the file.
 */
public final class WorkerTranscript {
    private WorkerTranscript() {}

    /**
     * Hands each line to {@code onLine} as it appears, until the worker has exited and the file is
     * read to its end; a last line the kill cut before its newline is handed over too.
     */
    public static void follow(Process worker, Path file, Consumer<String> onLine) {
        try (InputStream out = Files.newInputStream(file)) {
            StringBuilder partial = new StringBuilder();
            byte[] chunk = new byte[8192];
            while (true) {
                boolean exited = !worker.isAlive(); // checked before reading: nothing can come after
                int n = out.read(chunk);
                if (n < 0) {
                    if (exited) {
                        break;
                    }
                    Thread.sleep(2); // nothing new yet; the worker is still running
                    continue;
                }
                partial.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                for (int end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
                    String line = partial.substring(0, end);
                    partial.delete(0, end + 1);
                    onLine.accept(line);
                }
            }
            if (partial.length() > 0) {
                onLine.accept(partial.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker's transcript " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
