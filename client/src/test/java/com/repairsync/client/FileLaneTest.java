package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.Attachments;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.Sha256;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's file lane against an in-memory server: one transaction, its own lane, resumable, honest status. */
class FileLaneTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Bytes that start like a JPEG (all the type check reads) and are otherwise random. */
    static byte[] jpegLike(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        return bytes;
    }

    /** A real photo-sized JPEG of noise (it compresses badly, as photos do). */
    static byte[] realJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String ticket(RepairSyncDevice device) {
        String customer = device.customers().create(Map.of("firstName", "Ada"));
        return device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
    }

    private static String attach(RepairSyncDevice device, String ticket, byte[] bytes) {
        return device.tickets()
                .attach(ticket, new ByteArrayInputStream(bytes), "photo.jpg", Attachments.PHOTO, "front");
    }

    private static long attachmentsPushed(ScriptedTransport transport) {
        synchronized (transport) {
            return transport.pushes.stream()
                    .flatMap(push -> push.mutations().stream())
                    .map(Mutation::entity)
                    .filter("attachments"::equals)
                    .count();
        }
    }

    @Test
    void aPhotoTakenOfflineWaitsForItsUploadWithoutHoldingUpOtherRecords() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.files.offline = true;
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            String ticket = ticket(device);
            byte[] photo = jpegLike(2_500_000, 1);
            String id = attach(device, ticket, photo);
            device.customers().create(Map.of("firstName", "Grace"));
            device.syncNow();

            assertThat(attachmentsPushed(transport))
                    .as("the record waits for its file")
                    .isZero();
            assertThat(transport.pushes).isNotEmpty();
            await().atMost(WAIT)
                    .alias("its upload tried, found no server, and waits")
                    .until(() -> device.attachments().status(id).state() == AttachmentStatus.State.PENDING_UPLOAD
                            && device.attachments().status(id).reason() != null);
            assertThat(device.attachments().ofTicket(ticket))
                    .extracting(a -> a.fileHash())
                    .containsExactly(Sha256.of(photo));

            transport.files.offline = false;
            device.syncNow(); // after a sync the lane starts its uploads
            await().atMost(WAIT).until(() -> transport.files.stored.containsKey(Sha256.of(photo)));
            await().atMost(WAIT).untilAsserted(() -> {
                device.syncNow();
                assertThat(attachmentsPushed(transport)).isEqualTo(1);
            });
            assertThat(device.attachments().status(id).state()).isEqualTo(AttachmentStatus.State.SYNCED);
            assertThat(transport.files.stored.get(Sha256.of(photo))).isEqualTo(photo);
        }
    }

    @Test
    void anUploadCutMidwayResendsOnlyTheChunksTheServerLacks() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.files.chunksBeforeCut.set(2);
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            byte[] photo = jpegLike(3 * FileUpload.DEFAULT_CHUNK_SIZE + 12_345, 2);
            String id = attach(device, ticket(device), photo);
            await().atMost(WAIT)
                    .until(() -> device.attachments().status(id).state() == AttachmentStatus.State.UPLOADING
                            && device.attachments().status(id).reason() != null);
            assertThat(transport.files.chunkCount()).as("chunks before the cut").isBetween(2, 3);
            assertThat(device.attachments().status(id).percent()).isBetween(25, 99);

            device.syncNow(); // the device hears the server again: the lane resumes
            await().atMost(WAIT).until(() -> transport.files.stored.containsKey(Sha256.of(photo)));
            String hash = Sha256.of(photo);
            assertThat(transport.files.chunksReceived)
                    .as("each of the four chunks went once")
                    .containsExactlyInAnyOrder(hash + "/0", hash + "/1", hash + "/2", hash + "/3");
            assertThat(transport.files.stored.get(hash)).isEqualTo(photo);
        }
    }

    @Test
    void aFileTheServerRefusesFailsWithItsReasonAndTheRecordGoesToTheFailedQueue() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.files.refusal = ErrorCode.FILE_TOO_LARGE;
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            String id = attach(device, ticket(device), jpegLike(10_000, 3));
            await().atMost(WAIT).until(() -> device.attachments().status(id).state() == AttachmentStatus.State.FAILED);
            assertThat(device.attachments().status(id).reason()).contains("FILE_TOO_LARGE");
            device.syncNow();
            assertThat(attachmentsPushed(transport)).isZero();
            assertThat(device.failedMutations()).singleElement().satisfies(failed -> assertThat(failed.code())
                    .isEqualTo("file_too_large"));
            assertThat(device.attachments().get(id))
                    .as("nothing the user saved is lost")
                    .isPresent();

            // The shop raised its limit; a person retries the attachment from the failed queue.
            transport.files.refusal = null;
            device.retry(device.failedMutations().get(0).mutationId());
            device.syncNow(); // the server lacks the file: the record waits and the upload goes again
            await().atMost(WAIT).untilAsserted(() -> {
                device.syncNow();
                assertThat(device.attachments().status(id).state()).isEqualTo(AttachmentStatus.State.SYNCED);
            });
            assertThat(device.failedMutations()).isEmpty();
        }
    }

    @Test
    void aFileOfAnotherTypeIsRefusedOnTheDeviceAndNothingIsStored() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            String ticket = ticket(device);
            byte[] program = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            assertThatThrownBy(() -> device.tickets()
                            .attach(ticket, new ByteArrayInputStream(program), "cat.jpg", Attachments.PHOTO, null))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("not a JPEG")
                    .extracting(e -> ((InvalidRecordException) e).field())
                    .isEqualTo("file");
            assertThat(device.attachments().all()).isEmpty();
            assertThat(device.syncState().pendingCount())
                    .as("only the customer and ticket")
                    .isEqualTo(2);
        }
    }

    @Test
    void aPhotoGetsASmallThumbnailThatUploadsBeforeTheOriginal() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        CountDownLatch release = new CountDownLatch(1);
        transport.files.duringCall = () -> awaitQuietly(release);
        try (RepairSyncDevice device = transport.joinedDevice(
                dir.resolve("d.db"), 100, FileOptions.defaults().withUploadConcurrency(1))) {
            byte[] photo = realJpeg(2400, 1800);
            String id = attach(device, ticket(device), photo);
            byte[] thumbnail = device.attachments().thumbnail(id).orElseThrow();
            assertThat(thumbnail.length).isLessThanOrEqualTo(FileUpload.THUMBNAIL_LIMIT);
            BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
            assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);
            release.countDown();
            await().atMost(WAIT).until(() -> transport.files.stored.size() == 2);
            String thumbnailHash = device.attachments().get(id).orElseThrow().thumbnailHash();
            assertThat(transport.files.chunksReceived.get(0))
                    .as("one upload at a time: the thumbnail goes first")
                    .startsWith(thumbnailHash);
        }
    }

    @Test
    void theFileOfAnAttachmentNeverChangesButItsCaptionDoes() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            String id = attach(device, ticket(device), jpegLike(5_000, 40));
            device.attachments().update(id, change -> change.caption("scratch on the back"));
            assertThat(device.attachments().get(id).orElseThrow().caption()).isEqualTo("scratch on the back");
            assertThatThrownBy(() -> device.attachments().update(id, Map.of("fileHash", "b".repeat(64))))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("never changes");
        }
    }

    @Test
    void atMostTheConfiguredNumberOfFilesUploadAtOnce() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        CountDownLatch release = new CountDownLatch(1);
        transport.files.duringCall = () -> awaitQuietly(release);
        try (RepairSyncDevice device = transport.joinedDevice(dir.resolve("d.db"), 100)) {
            String ticket = ticket(device);
            for (int i = 0; i < 5; i++) {
                attach(device, ticket, jpegLike(5_000, 10 + i));
            }
            await().atMost(WAIT).until(() -> transport.files.running.get() == 2);
            release.countDown();
            await().atMost(WAIT).until(() -> transport.files.stored.size() == 5);
            assertThat(transport.files.mostRunning.get())
                    .isEqualTo(FileOptions.defaults().uploadConcurrency());
        }
    }

    @Test
    void downloadedOriginalsBeyondTheCacheLimitAreDroppedButFilesNotYetUploadedNeverAre() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        byte[][] remote = new byte[3][];
        for (int i = 0; i < 3; i++) {
            remote[i] = jpegLike(400_000, 20 + i);
            transport.files.stored.put(Sha256.of(remote[i]), remote[i]);
        }
        java.nio.file.Files.createDirectories(dir);
        try (RepairSyncDevice device = RepairSyncDevice.open(
                dir.resolve("d.db"),
                "http://unused",
                Devices.fastOptions()
                        .withAutoSync(false)
                        .withFiles(FileOptions.defaults().withCacheLimit(900_000))
                        .withTransport((url, tokens) -> transport))) {
            device.join("owner@shop.test", "secret", "desk");
            String ticket = ticket(device);
            transport.files.refusal = ErrorCode.QUOTA_EXCEEDED; // the shop is full: this one waits to upload
            byte[] mine = jpegLike(600_000, 30);
            String own = attach(device, ticket, mine);
            List<String> ids = new java.util.ArrayList<>();
            for (byte[] bytes : remote) {
                // Attachments another device made: the record names a file the server holds.
                ids.add(device.attachments()
                        .create(Map.of(
                                "ticketId",
                                ticket,
                                "kind",
                                "photo",
                                "fileHash",
                                Sha256.of(bytes),
                                "contentType",
                                "image/jpeg",
                                "size",
                                bytes.length,
                                "addedBy",
                                device.actingEmployee(),
                                "addedAt",
                                java.time.Instant.parse("2026-11-24T09:00:00Z"))));
            }
            for (String id : ids) {
                try (InputStream in = device.attachments().open(id)) {
                    assertThat(Sha256.of(in.readAllBytes()))
                            .isEqualTo(
                                    device.attachments().get(id).orElseThrow().fileHash());
                }
            }
            assertThat(device.attachments().status(ids.get(0)).downloaded())
                    .as("least recently used")
                    .isFalse();
            assertThat(device.attachments().status(ids.get(1)).downloaded()).isTrue();
            assertThat(device.attachments().status(ids.get(2)).downloaded()).isTrue();
            assertThat(device.attachments().status(own).downloaded())
                    .as("not uploaded yet: kept")
                    .isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
