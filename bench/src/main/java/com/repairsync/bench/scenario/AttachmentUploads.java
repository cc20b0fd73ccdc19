package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Latencies;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.FileOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.Attachments;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.records.NewTicket;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.protocol.FileUpload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code attachments}: the file lane of issue 27, from one device over loopback.
 *
 * <ul>
 *   <li>Upload rate: N photos (random bytes behind a JPEG signature) are attached while the
 *       device's file lane is paused (its upload calls wait at the transport, {@link FileLanePause});
 *       the clock starts when it resumes and stops when every attachment is {@code SYNCED} (file uploaded, record pushed). Against the
 *       same bytes POSTed raw, one request per photo at the same concurrency, to a sink in the
 *       server's JVM that writes them to files (target: at least 0.8x its rate).
 *   <li>Record pushes while uploads run: the same device creates a customer and syncs, again and
 *       again, first with nothing uploading, then while a second batch of N photos uploads; the
 *       push requests' p99 during the uploads against without (target: at most 1.5x).
 *   <li>Resuming a cut upload: a device behind a counting TCP proxy attaches one photo, the
 *       connection is cut at a random byte of the upload, the device resumes; the bytes it sent in
 *       all beyond the file's size (target: at most one chunk).
 * </ul>
 */
final class AttachmentUploads implements Scenario {
    private static final int CONCURRENCY = FileOptions.defaults().uploadConcurrency();
    private static final int QUIET_PROBES = 200;
    private static final double MIB = 1 << 20;

    @Override
    public String name() {
        return "attachments";
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        harness.start();
        int photos = harness.options().photos();
        int size = harness.options().photoSize();
        long seed = harness.options().seed();
        Path folder = harness.workDir().resolve("photos");
        List<Path> batch = PhotoFiles.write(folder, photos, size, seed);
        double megabytes = (double) photos * size / MIB;
        results.put("photos.count", photos, "photos");
        results.put("photos.sizeMiB", size / MIB, "MiB each (random bytes behind a JPEG signature)");
        String sink = harness.server().rawSinkUrl();
        TimedTransport.Meter meter = new TimedTransport.Meter();
        FileLanePause.Lever lane = new FileLanePause.Lever();
        RepairSyncDevice device = harness.join(
                "photographer",
                DeviceOptions.defaults()
                        .withFiles(FileOptions.defaults().withUploadConcurrency(CONCURRENCY))
                        .withTransport((url, tokens) -> new FileLanePause(
                                new TimedTransport(new HttpSyncTransport(url, tokens), meter), lane)));
        String ticket = newTicket(device);
        int warmup = Math.min(harness.options().warmup(), photos);
        if (warmup > 0) { // other bytes, both ways: the JIT compiles both paths before the clock runs
            List<Path> warm = PhotoFiles.write(harness.workDir().resolve("warmup"), warmup, size, seed + 3_571L);
            PlainUpload.send(sink, warm, CONCURRENCY);
            uploadAll(device, lane, attachPaused(device, lane, ticket, warm), null);
            results.note(warmup + " other photos went both ways first (--warmup), unmeasured");
        }

        PlainUpload.Result plain = PlainUpload.send(sink, batch, CONCURRENCY);
        results.put("plain.seconds", plain.seconds(), "s (raw POSTs to the sink, " + CONCURRENCY + " at a time)");
        results.put("plain.mibPerSecond", megabytes / plain.seconds(), "MiB/s");
        double sdkSeconds = uploadAll(device, lane, attachPaused(device, lane, ticket, batch), null);
        results.put("sdk.seconds", sdkSeconds, "s (lane resumed to every attachment SYNCED)");
        results.put("sdk.mibPerSecond", megabytes / sdkSeconds, "MiB/s");
        results.put("sdk.ratioToPlain", plain.seconds() / sdkSeconds, "x (SDK rate / plain HTTP rate)");

        pushesDuringUploads(
                device, lane, meter, ticket, PhotoFiles.write(folder, photos, size, seed + 7_919L), results);
        resumeAfterCut(harness, size, results);
        results.put("errors", meter.errors.get() + plain.failed(), "");
        results.note("upload concurrency " + CONCURRENCY + " (the SDK's default) for the SDK and the plain upload;"
                + " the plain upload ran first, the SDK's second, on the same files");
        results.atLeast("sdk.ratioToPlain", 0.8);
        results.atMost("push.ratioOfP99", 1.5);
        results.atMost("resume.overheadChunks", 1);
        results.atMost("errors", 0);
        return results;
    }

    private static String newTicket(RepairSyncDevice device) {
        String customer = device.customers().create(new NewCustomer("Photo").lastName("Subject"));
        String ticket = device.tickets().create(new NewTicket(customer, "phone", "cracked screen"));
        device.syncNow();
        return ticket;
    }

    /** Attaches every photo to the ticket with the file lane paused; the records wait for their files. */
    private static List<String> attachPaused(
            RepairSyncDevice device, FileLanePause.Lever lane, String ticket, List<Path> photos) {
        lane.pause();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            ids.add(device.tickets().attach(ticket, photos.get(i), Attachments.PHOTO, "photo " + i));
        }
        device.syncNow(); // whatever else was queued goes now, before the clock starts
        return ids;
    }

    /**
     * Resumes the file lane and waits until every attachment is synced, running {@code meanwhile}
     * again and again if given (else polling every 20 ms); the seconds taken.
     */
    private static double uploadAll(
            RepairSyncDevice device, FileLanePause.Lever lane, List<String> ids, Runnable meanwhile)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Math.max(300, ids.size() * 5L) * 1_000_000_000L;
        lane.resume(); // the lane's threads, waiting at the transport, send now
        int next = 0;
        while (next < ids.size()) {
            AttachmentStatus status = device.attachments().status(ids.get(next));
            if (status.state() == AttachmentStatus.State.SYNCED) {
                next++;
                continue;
            }
            if (status.state() == AttachmentStatus.State.FAILED) {
                throw new IllegalStateException("attachment " + ids.get(next) + " failed: " + status.reason());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(next + " of " + ids.size() + " attachments synced before the"
                        + " deadline; the next is " + status);
            }
            if (meanwhile != null) {
                meanwhile.run();
            } else {
                Thread.sleep(20);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Record pushes with nothing uploading, then while a second batch of photos (other bytes: the
     * shop holds the first) uploads: the same device creates a customer and syncs, back to back.
     */
    private static void pushesDuringUploads(
            RepairSyncDevice device,
            FileLanePause.Lever lane,
            TimedTransport.Meter meter,
            String ticket,
            List<Path> second,
            Results results)
            throws InterruptedException {
        Latencies probes = new Latencies();
        int[] count = {0};
        Runnable probe = () -> {
            long start = System.nanoTime();
            device.customers().create(new NewCustomer("Walk-in " + count[0]++));
            device.syncNow();
            probes.add(System.nanoTime() - start);
        };
        meter.pushes.clear();
        for (int i = 0; i < QUIET_PROBES; i++) {
            probe.run();
        }
        meter.pushes.report(results, "push.withoutUploads");
        probes.report(results, "probe.withoutUploads");

        List<String> attached = attachPaused(device, lane, ticket, second);
        meter.pushes.clear();
        probes.clear();
        double seconds = uploadAll(device, lane, attached, probe);
        meter.pushes.report(results, "push.duringUploads");
        probes.report(results, "probe.duringUploads");
        results.put("push.uploadSeconds", seconds, "s the second batch took, with the pushes running");
        results.put(
                "push.ratioOfP99",
                results.get("push.duringUploads.p99") / results.get("push.withoutUploads.p99"),
                "x (push request p99 during uploads / without)");
    }

    /** Waits until the attachment is synced, nudging the lane once the connection was cut. */
    private static void awaitResumed(RepairSyncDevice device, CutProxy proxy, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long nudged = 0;
        for (AttachmentStatus status = device.attachments().status(id);
                status.state() != AttachmentStatus.State.SYNCED;
                status = device.attachments().status(id)) {
            if (status.state() == AttachmentStatus.State.FAILED || System.nanoTime() > deadline) {
                throw new IllegalStateException("the cut upload did not resume: " + status);
            }
            if (proxy.cuts() > 0 && System.nanoTime() - nudged > 2_000_000_000L) {
                nudged = System.nanoTime();
                device.syncNow(); // the server answers: the lane resumes now, not at its 15 s retry
            }
            Thread.sleep(10);
        }
    }

    /**
     * One photo attached by a device behind a {@link CutProxy}, the connection cut at a random byte
     * of the upload, then resumed ({@code syncNow} tells the lane the server answers again).
     */
    private static void resumeAfterCut(Harness harness, int size, Results results) throws Exception {
        try (CutProxy proxy = CutProxy.to(harness.server().url())) {
            RepairSyncDevice device = harness.join(
                    "cut",
                    DeviceOptions.defaults()
                            .withTransport((url, tokens) -> new HttpSyncTransport(proxy.url(), tokens)));
            String ticket = newTicket(device);
            byte[] bytes = new byte[size];
            long seed = harness.options().seed() + 104_729L;
            PhotoFiles.fill(bytes, seed);
            Path photo = Files.write(harness.workDir().resolve("cut-photo.jpg"), bytes);
            long cutAt = 1 + new SplittableRandom(seed).nextLong(size - 1);
            proxy.countAndCutAt(cutAt);
            String id = device.tickets().attach(ticket, photo, Attachments.PHOTO, "cut");
            awaitResumed(device, proxy, id);
            long sent = proxy.upstreamBytes();
            device.close();
            results.put("resume.fileBytes", size, "bytes");
            results.put("resume.cutAtByte", cutAt, "byte of the device's traffic where the connection was cut");
            results.put("resume.cuts", proxy.cuts(), "connections cut");
            results.put("resume.bytesSent", sent, "bytes the device sent from the attach to SYNCED (HTTP included)");
            results.put("resume.ratioToFileSize", (double) sent / size, "x");
            results.put("resume.overheadBytes", sent - size, "bytes beyond the file's");
            results.put(
                    "resume.overheadChunks",
                    (double) (sent - size) / FileUpload.DEFAULT_CHUNK_SIZE,
                    "chunks of 1 MiB beyond the file's");
        }
    }
}
