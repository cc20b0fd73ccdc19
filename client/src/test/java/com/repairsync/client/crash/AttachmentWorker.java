package com.repairsync.client.crash;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.Attachments;
import com.repairsync.protocol.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * A device app run in a child JVM by {@code AttachmentCrashIT}, which kills it with SIGKILL while
 * its files upload: it never closes the device. It attaches photos (random bytes behind a JPEG
 * signature, 0.2 to 2.6 MB, so most span several chunks) to one ticket, with auto-sync on, and prints
 * {@code SAVED attachment <id> <sha256>} after each attach returned, so after the device stored it.
 *
 * <p>Arguments: device database path, server URL, e-mail, password, ticket id, seed, files to attach.
 */
public final class AttachmentWorker {
    private static final PrintStream OUT = System.out;

    private AttachmentWorker() {}

    public static void main(String[] args) {
        if (args.length != 7) {
            System.err.println("usage: AttachmentWorker <db> <serverUrl> <email> <password> <ticketId> <seed> <count>");
            System.exit(CrashWorker.FAILED);
        }
        watchParent();
        try {
            run(
                    Path.of(args[0]),
                    args[1],
                    args[2],
                    args[3],
                    args[4],
                    Long.parseLong(args[5]),
                    Integer.parseInt(args[6]));
        } catch (Throwable e) {
            line("ERROR " + e);
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(CrashWorker.FAILED);
        }
    }

    private static void run(
            Path db, String serverUrl, String email, String password, String ticket, long seed, int count)
            throws InterruptedException {
        Random random = new Random(seed);
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(true)
                .withProbeInterval(Duration.ofMillis(200))
                .withKeys(TestKeys.deviceKeys());
        RepairSyncDevice device = RepairSyncDevice.open(db, serverUrl, options);
        if (!device.joined()) {
            device.join(email, password, "attachment-worker");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (device.tickets().get(ticket).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ticket " + ticket + " never arrived on the device");
            }
            try {
                device.syncNow();
            } catch (RuntimeException e) {
                line("SYNC failed " + e);
            }
            Thread.sleep(50); // polling for the ticket's arrival, not timing a result
        }
        line("READY");
        for (int i = 0; i < count; i++) {
            byte[] photo = photo(random);
            line("INTENT attachment");
            String id = device.tickets()
                    .attach(ticket, new ByteArrayInputStream(photo), "photo-" + i + ".jpg", Attachments.PHOTO, null);
            line("SAVED attachment " + id + " " + Sha256.of(photo));
        }
        line("ATTACHED");
        Thread.sleep(Duration.ofSeconds(60).toMillis()); // uploading in the background until killed
        Runtime.getRuntime().halt(0);
    }

    static byte[] photo(Random random) {
        byte[] bytes = new byte[200_000 + random.nextInt(2_400_000)];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        return bytes;
    }

    private static void line(String text) {
        OUT.println(text);
        OUT.flush();
    }

    /** The parent holds our stdin open; when it dies, so do we. */
    private static void watchParent() {
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
