package com.repairsync.cli.demo;

import com.repairsync.cli.Terminal;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.SessionTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * {@code demo --serve}: after the story, fills the demo shop with sample data and keeps its server
 * up for RepairSync Desk until Ctrl-C.
 */
final class SampleShopHost {
    private SampleShopHost() {}

    /**
     * Adds the sample data to the shop at {@code url}, says how to sign in, and blocks until Ctrl-C.
     *
     * @param stop what Ctrl-C runs: the JVM may end before the main thread cleans up, so the
     *     shutdown hook stops the server (and removes the folder) itself
     */
    static void serveUntilStopped(Terminal terminal, String url, Runnable stop) {
        addSampleData(terminal, url);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.run();
                            stopped.countDown();
                        },
                        "demo-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void addSampleData(Terminal terminal, String url) {
        SessionTokens tokens = new SessionTokens();
        try (HttpSyncTransport transport = new HttpSyncTransport(url, tokens)) {
            var session = tokens.signIn(transport, ShopFloor.EMAIL, ShopFloor.PASSWORD, "sample data", null);
            var made = new Seeder(transport, session, Clock.systemUTC(), 500)
                    .seed(new SampleData(7, Instant.now()), new Seeder.Counts(3, 25, 40, 1.5, 0.75), sent -> {});
            terminal.note("");
            terminal.note("The demo server stays up with " + made.total() + " more sample records at " + url + ".");
            terminal.note("Sign in as " + ShopFloor.EMAIL + " with the password '" + ShopFloor.PASSWORD
                    + "' (PINs: Ada 246810, Tom 1234, Tia 5678):");
            terminal.note("  ./repairsync desk --demo " + url + " --email " + ShopFloor.EMAIL + " --password '"
                    + ShopFloor.PASSWORD + "'");
            terminal.note(
                    "  ./repairsync login --server " + url + " --email " + ShopFloor.EMAIL + " --device ./demo-device");
            terminal.note("Ctrl-C stops it.");
        }
    }
}
