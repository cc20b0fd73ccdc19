package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.Attachments;
import com.repairsync.protocol.Sha256;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attachments between real devices and a real server: a photo taken on one device reaches another
 * with its thumbnail, and photos taken while the server is down reach the other devices after it
 * returns, their thumbnails shown before any full download (issue 27, item 2).
 */
class AttachmentsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String ticket(RepairSyncDevice device) {
        String customer = device.customers().create(Map.of("firstName", "Ada"));
        return device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
    }

    @Test
    void aPhotoReachesTheOtherDeviceWithItsThumbnailAndOpensThereByteForByte() throws Exception {
        try (TestServer server = TestServer.start(Clock.systemUTC(), Map.of());
                Devices devices = new Devices(server)) {
            Shop shop = server.createShop();
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            String ticket = ticket(tablet);
            byte[] photo = FileLaneTest.realJpeg(1600, 1200);
            String id = tablet.tickets()
                    .attach(ticket, new ByteArrayInputStream(photo), "front.jpg", Attachments.PHOTO, "scratch");

            await().atMost(WAIT).until(() -> tablet.attachments().status(id).state() == AttachmentStatus.State.SYNCED);
            await().atMost(WAIT).until(() -> desk.attachments().get(id).isPresent());
            await().atMost(WAIT).until(() -> desk.attachments().thumbnail(id).isPresent());
            assertThat(desk.attachments().ofTicket(ticket)).singleElement().satisfies(a -> {
                assertThat(a.caption()).isEqualTo("scratch");
                assertThat(a.addedBy()).isEqualTo(tablet.actingEmployee());
                assertThat(a.contentType()).isEqualTo("image/jpeg");
            });
            assertThat(desk.attachments().status(id).downloaded()).isFalse();
            try (InputStream in = desk.attachments().open(id)) {
                assertThat(Sha256.of(in.readAllBytes())).isEqualTo(Sha256.of(photo));
            }
            assertThat(desk.attachments().status(id).downloaded()).isTrue();
        }
    }

    @Test
    void photosTakenWhileTheServerIsDownReachTheOtherDevicesAfterItReturns() throws Exception {
        TestServer server = TestServer.start(Clock.systemUTC(), Map.of());
        TestServer restarted = null;
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            String ticket = ticket(tablet);
            await().atMost(WAIT).until(() -> desk.tickets().get(ticket).isPresent());

            server.stop();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !tablet.syncState().online());
            List<String> ids = new ArrayList<>();
            List<byte[]> photos = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] photo = FileLaneTest.realJpeg(800 + 100 * i, 600);
                photos.add(photo);
                ids.add(tablet.tickets()
                        .attach(ticket, new ByteArrayInputStream(photo), "p" + i + ".jpg", Attachments.PHOTO, null));
            }
            await().atMost(WAIT)
                    .alias("each upload tried, found no server, and waits")
                    .untilAsserted(() -> assertThat(ids).allSatisfy(id -> assertThat(
                                    tablet.attachments().status(id).state())
                            .isEqualTo(AttachmentStatus.State.PENDING_UPLOAD)));

            restarted = server.startAgainOnSamePort();

            await().atMost(WAIT).untilAsserted(() -> assertThat(ids).allSatisfy(id -> {
                assertThat(desk.attachments().get(id)).isPresent();
                assertThat(desk.attachments().thumbnail(id))
                        .as("the gallery shows it")
                        .isPresent();
            }));
            assertThat(ids)
                    .allSatisfy(id -> assertThat(desk.attachments().status(id).downloaded())
                            .as("no full download before it is opened")
                            .isFalse());
            for (int i = 0; i < ids.size(); i++) {
                try (InputStream in = desk.attachments().open(ids.get(i))) {
                    assertThat(in.readAllBytes()).isEqualTo(photos.get(i));
                }
            }
            assertThat(tablet.failedMutations()).isEmpty();
        } finally {
            if (restarted != null) {
                restarted.stop();
            }
        }
    }
}
