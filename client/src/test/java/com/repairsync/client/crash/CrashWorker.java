package com.repairsync.client.crash;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.Customer;
import com.repairsync.client.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A device app run in a child JVM by {@link CrashSafetyIT}, which kills it with SIGKILL at a random
 * moment: it never closes the device.
 *
 * <p>Arguments: device database path, server URL, e-mail, password, inventory item id, seed, and
 * optionally {@code on} or {@code off} for auto-sync (else on for about one seed in four). It opens
 * the device with that auto-sync setting, joins the
 * shop if it has not yet, then loops over random writes and syncs. Around every write it prints one
 * line to stdout and flushes it: {@code INTENT ...} before the call, {@code SAVED ...} after the
 * call returned, that is after the device acknowledged the write as saved:
 *
 * <pre>
 * READY autoSync=false customers=12
 * INTENT create
 * SAVED customers &lt;id&gt; &lt;lastName&gt;
 * INTENT update &lt;id&gt; &lt;notes&gt;
 * SAVED update &lt;id&gt; &lt;notes&gt;
 * INTENT adjust &lt;itemId&gt; -1
 * SAVED adjust &lt;itemId&gt; -1
 * SYNC start | SYNC ok | SYNC failed &lt;exception&gt;: &lt;message&gt;
 * </pre>
 *
 * A write whose {@code INTENT} line has no {@code SAVED} line was cut by the kill: it may or may
 * not be stored. The worker stops by itself only on an unexpected error (exit code 2, stack trace
 * on stderr), when its parent goes away (stdin closes), or after a safety limit.
 */
public final class CrashWorker {
    /** Exit code of an unexpected failure; a killed worker exits with 137 (SIGKILL). */
    static final int FAILED = 2;

    private static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final PrintStream OUT = System.out;

    private CrashWorker() {}

    public static void main(String[] args) {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: CrashWorker <db> <serverUrl> <email> <password> <itemId> <seed> [on|off]");
            System.exit(FAILED);
        }
        watchParent();
        try {
            long seed = Long.parseLong(args[5]);
            boolean autoSync = args.length == 7 ? "on".equals(args[6]) : new Random(seed).nextInt(4) == 0;
            run(Path.of(args[0]), args[1], args[2], args[3], args[4], seed, autoSync);
        } catch (Throwable e) {
            line("ERROR " + e);
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(FAILED);
        }
    }

    private static void run(
            Path db, String serverUrl, String email, String password, String itemId, long seed, boolean autoSync)
            throws InterruptedException {
        Random random = new Random(seed + 1);
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(autoSync)
                .withRandom(new Random(seed ^ 0x5DEECE66DL))
                .withProbeInterval(Duration.ofMillis(200))
                .withKeys(TestKeys.deviceKeys());
        RepairSyncDevice device = RepairSyncDevice.open(db, serverUrl, options);
        if (!device.joined()) {
            device.join(email, password, "crash-worker");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (device.inventoryItems().get(itemId).isEmpty()) {
            // a previous run may have been killed after the join stored its tokens, before the first pull
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("inventory item " + itemId + " never arrived on the device");
            }
            sync(device);
            Thread.sleep(50);
        }
        List<String> customers = new ArrayList<>(
                device.customers().all().stream().map(Customer::id).toList());
        line("READY autoSync=" + autoSync + " customers=" + customers.size());

        long stop = System.nanoTime() + LIFETIME.toNanos();
        for (long k = 0; System.nanoTime() < stop; k++) {
            int op = random.nextInt(100);
            if (op < 35) {
                String lastName = seed + "-" + k;
                line("INTENT create");
                String id = device.customers()
                        .create(Map.of("firstName", "Crash", "lastName", lastName, "phone", "555-" + (k % 10_000)));
                line("SAVED customers " + id + " " + lastName);
                customers.add(id);
            } else if (op < 60 && !customers.isEmpty()) {
                String id = customers.get(random.nextInt(customers.size()));
                String notes = "edit-" + seed + "-" + k;
                line("INTENT update " + id + " " + notes);
                device.customers().update(id, Map.of("notes", notes));
                line("SAVED update " + id + " " + notes);
            } else if (op < 85) {
                line("INTENT adjust " + itemId + " -1");
                device.inventoryItems().adjustStock(itemId, -1);
                line("SAVED adjust " + itemId + " -1");
            } else {
                sync(device);
            }
        }
        line("DONE");
        Runtime.getRuntime().halt(0); // still no clean close
    }

    /** Pushes and pulls; a server that cannot be reached or refuses is reported, not fatal. */
    private static void sync(RepairSyncDevice device) {
        line("SYNC start");
        try {
            device.syncNow();
            line("SYNC ok");
        } catch (TransportException e) {
            line("SYNC failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static void line(String text) {
        OUT.println(text);
        OUT.flush();
    }

    /** The parent holds our stdin open; when it dies, so do we. */
    static void watchParent() {
        Thread watcher = new Thread(
                () -> {
                    InputStream in = System.in;
                    try {
                        while (in.read() >= 0) {
                            // nothing is sent; only the end of the stream matters
                        }
                    } catch (IOException ignored) {
                        // the parent went away
                    }
                    Runtime.getRuntime().halt(3);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
