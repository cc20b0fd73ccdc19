package com.repairsync.client.crash;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.Attachments;
import com.repairsync.protocol.Sha256;
import java.io.ByteArrayInputStream;
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
    private AttachmentWorker() {}

    public static void main(String[] args) {
        if (args.length != 7) {
            System.err.println("usage: AttachmentWorker <db> <serverUrl> <email> <password> <ticketId> <seed> <count>");
            System.exit(CrashWorker.FAILED);
        }
        CrashWorker.watchParent();
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
            CrashWorker.line("ERROR " + e);
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
                CrashWorker.line("SYNC failed " + e);
            }
            Thread.sleep(50); // polling for the ticket's arrival, not timing a result
        }
        CrashWorker.line("READY");
        for (int i = 0; i < count; i++) {
            byte[] photo = photo(random);
            CrashWorker.line("INTENT attachment");
            String id = device.tickets()
                    .attach(ticket, new ByteArrayInputStream(photo), "photo-" + i + ".jpg", Attachments.PHOTO, null);
            CrashWorker.line("SAVED attachment " + id + " " + Sha256.of(photo));
        }
        CrashWorker.line("ATTACHED");
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
}
