package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.server.backup.SqliteBackup;
import com.repairsync.server.backup.SqliteRestore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code restore}: what backups and a restore cost a shop (issue 25's targets), on SQLite.
 *
 * <ul>
 *   <li>Backups while a device pushes: the push requests' p99 while online backups run back to
 *       back, against the p99 of the same pushes without (target: at most 2x).
 *   <li>Healing: N records seeded and five devices joined at once (the yardstick); an online
 *       backup; each device writes and syncs changes the restore will lose; the server is stopped,
 *       restored and started again; then the time until the five devices agree again, each having
 *       sent back what it kept and downloaded the shop again (target: at most 1.5x the joins).
 * </ul>
 */
final class RestoreHeal implements Scenario {
    private static final int DEVICES = 5;

    @Override
    public String name() {
        return "restore";
    }

    /** It measures the SQLite server's backup and restore (PostgreSQL has its own tools): --pg and --db-url are refused. */
    @Override
    public boolean runsOnPostgres() {
        return false;
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        harness.start();
        long records = harness.options().records();
        long seeded = harness.seed(records).total();
        // At the default 20k records: 2,000 pushed in each push run, 100 lost per device.
        int pushed = (int) Math.min(2_000, Math.max(100, records / 10));
        int lostPerDevice = (int) Math.min(100, Math.max(10, records / 200));
        results.put("seed.records", seeded, "records");
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES + 1);
        try {
            List<RepairSyncDevice> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                devices.add(harness.open("tablet-" + i, DeviceOptions.defaults().withAutoSync(false)));
            }
            double joinSeconds = timed(
                    pool,
                    devices,
                    device -> device.join(harness.ownerEmail(), Harness.PASSWORD, "tablet-" + devices.indexOf(device)));
            results.put("initialSync.seconds", joinSeconds, "s (five devices joining at once: the yardstick)");

            backupsDuringPushes(harness, pool, results, pushed);

            Path backup = harness.workDir().resolve("restore-point.db");
            SqliteBackup.backup(harness.serverDataDir(), backup, SqliteBackup.Progress.NONE);
            timed(pool, devices, device -> {
                for (int i = 0; i < lostPerDevice; i++) {
                    device.customers().create(new NewCustomer("Lost " + i));
                }
                device.syncNow();
            });
            harness.restartServer(dataDir -> SqliteRestore.restore(dataDir, backup, Clock.systemUTC()));

            long start = System.nanoTime();
            int rounds = 0;
            do { // each device meets the new history on its first sync after the restart
                if (++rounds > 5) {
                    throw new IllegalStateException("the devices did not agree after 5 rounds of syncs");
                }
                timed(pool, devices, RepairSyncDevice::syncNow);
            } while (!agree(devices));
            double healSeconds = (System.nanoTime() - start) / 1e9;
            results.put("heal.seconds", healSeconds, "s (restart to five devices agreeing)");
            results.put("heal.rounds", rounds, "rounds of syncs on every device");
            results.put("heal.changesSentAgain", DEVICES * lostPerDevice, "changes the restore lost, sent back");
            results.put("heal.ratioToInitialSync", healSeconds / joinSeconds, "x (heal / five joins)");
            results.atMost("heal.ratioToInitialSync", 1.5);
            results.atMost("backup.ratioOfPushP99", 2);
            results.atMost("errors", 0);
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same pushes, without a backup and then while backups run back to back. */
    private static void backupsDuringPushes(Harness harness, ExecutorService pool, Results results, int pushed)
            throws Exception {
        TimedTransport.Meter quiet = new TimedTransport.Meter();
        push(harness, "quiet", quiet, pushed);
        quiet.pushes.report(results, "push.withoutBackup");

        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicInteger backups = new AtomicInteger();
        Future<?> backingUp = pool.submit((Callable<Void>) () -> {
            while (pushing.get()) {
                Path out = harness.workDir().resolve("backup-" + backups.incrementAndGet() + ".db");
                SqliteBackup.backup(harness.serverDataDir(), out, SqliteBackup.Progress.NONE);
            }
            return null;
        });
        TimedTransport.Meter during = new TimedTransport.Meter();
        try {
            push(harness, "during", during, pushed);
        } finally {
            pushing.set(false);
        }
        backingUp.get();
        during.pushes.report(results, "push.duringBackup");
        results.put("backup.count", backups.get(), "online backups taken during the pushes");
        results.put(
                "backup.ratioOfPushP99",
                results.get("push.duringBackup.p99") / results.get("push.withoutBackup.p99"),
                "x (push p99 during backups / without)");
        results.put("errors", quiet.errors.get() + during.errors.get(), "");
    }

    /** A device of its own writes {@code count} customers offline, then pushes them, 100 a request. */
    private static void push(Harness harness, String name, TimedTransport.Meter meter, int count) {
        RepairSyncDevice device = harness.join(
                name,
                DeviceOptions.defaults()
                        .withAutoSync(false)
                        .withBatchSize(100)
                        .withTransport((url, tokens) -> new TimedTransport(new HttpSyncTransport(url, tokens), meter)));
        for (int i = 0; i < count; i++) {
            device.customers().create(new NewCustomer("Pushed " + i));
        }
        device.syncNow();
    }

    /** Whether every device has nothing queued and shows the same customers. */
    private static boolean agree(List<RepairSyncDevice> devices) {
        long first = -1;
        for (RepairSyncDevice device : devices) {
            if (device.syncState().pendingCount() != 0 || device.syncState().failedCount() != 0) {
                return false;
            }
            long count = device.customers().all().size();
            if (first >= 0 && count != first) {
                return false;
            }
            first = count;
        }
        return true;
    }

    /** Something each device does. */
    @FunctionalInterface
    private interface Step {
        void on(RepairSyncDevice device) throws Exception;
    }

    /** Runs the step on every device at once; returns the wall seconds until all finished. */
    private static double timed(ExecutorService pool, List<RepairSyncDevice> devices, Step step) throws Exception {
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (RepairSyncDevice device : devices) {
            running.add(pool.submit((Callable<Void>) () -> {
                step.on(device);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
