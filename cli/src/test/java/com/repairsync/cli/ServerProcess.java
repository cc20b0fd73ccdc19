package com.repairsync.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@code repairsync server} as its own process on a free port, stopped after the test class. */
final class ServerProcess implements AfterAllCallback, AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on (https?://[^ ]+) ");
    private static final Pattern FINGERPRINT = Pattern.compile("Certificate SHA-256 fingerprint: ([0-9A-F:]+)");

    private final Process process;
    private final String url;
    private final Path dataDir;
    private final String fingerprint;

    private ServerProcess(Process process, String url, Path dataDir, String fingerprint) {
        this.process = process;
        this.url = url;
        this.dataDir = dataDir;
        this.fingerprint = fingerprint;
    }

    /** Plain HTTP on loopback, as the tests' devices mostly use. */
    static ServerProcess start() {
        return start(List.of());
    }

    /** With these flags added, such as {@code --tls on}. */
    static ServerProcess start(List<String> flags) {
        try {
            return start(Files.createTempDirectory("repairsync-cli-server-"), 0, flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Started again after {@link #interrupt()} on the same data directory and port (devices keep the
     * server's address), as a shop owner restarts the server after a restore.
     */
    ServerProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("stop the server before starting it again");
        }
        return start(dataDir, java.net.URI.create(url).getPort(), List.of());
    }

    private static ServerProcess start(Path dir, int port, List<String> flags) {
        try {
            Process process = Cli.builder(
                            arguments(
                                    List.of(
                                            "server",
                                            "--host",
                                            "127.0.0.1",
                                            "--port",
                                            Integer.toString(port),
                                            "--data",
                                            dir.toString(),
                                            "--argon2-memory-kib",
                                            "1024",
                                            "--argon2-iterations",
                                            "1",
                                            "--shops-per-address",
                                            "100000"),
                                    flags),
                            Map.of())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String[] started = CompletableFuture.supplyAsync(() -> {
                        try {
                            String url = null;
                            for (String line; (line = stdout.readLine()) != null; ) {
                                Matcher ready = READY.matcher(line);
                                Matcher fingerprint = FINGERPRINT.matcher(line);
                                if (ready.find()) {
                                    url = ready.group(1);
                                    if (url.startsWith("http:")) {
                                        return new String[] {url, null};
                                    }
                                } else if (url != null && fingerprint.find()) {
                                    return new String[] {url, fingerprint.group(1)};
                                }
                            }
                            throw new IllegalStateException("the server process ended before it was ready");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            Thread drain = new Thread(
                    () -> {
                        try {
                            stdout.lines().forEach(line -> {});
                        } catch (UncheckedIOException closed) {
                            // the stream is closed once the process is stopped
                        }
                    },
                    "server-stdout");
            drain.setDaemon(true);
            drain.start();
            return new ServerProcess(process, started[0], dir, started[1]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the server process: " + e, e);
        }
    }

    String url() {
        return url;
    }

    /** The certificate's SHA-256 fingerprint the server printed, or null over plain HTTP. */
    String fingerprint() {
        return fingerprint;
    }

    private static List<String> arguments(List<String> base, List<String> more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(more);
        return all;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Ctrl-C: SIGTERM, and the exit code once stopped. */
    int interrupt() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
