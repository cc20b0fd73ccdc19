package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a device tells the owner's console matches what it holds: its queue, how long the oldest
 * queued change has waited, its failed queue, its clock's offset, its app and SDK, and who acts on
 * it; a sync the server answered with an error still reports, so a device whose pushes fail shows
 * its growing queue.
 */
class HealthReportIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void theConsoleSeesTheQueueTheFailedQueueAndTheOldestUnsentChangeAsTheDeviceHoldsThem() {
        Shop shop = server.createShop();
        MutableClock tabletClock = MutableClock.atNow();
        AtomicBoolean pushesRefused = new AtomicBoolean();
        DeviceOptions manual = Devices.fastOptions().withAutoSync(false);
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual);
            RepairSyncDevice tablet = devices.joined(
                    shop,
                    "tablet",
                    manual.withClock(tabletClock)
                            .withApp("Tablet app 2.1")
                            .withTransport((url, trust, tokens) ->
                                    refusingPushes(new HttpSyncTransport(url, trust, tokens), pushesRefused)));
            // One change refused for good: a ticket for a customer the desk deleted meanwhile.
            String gone = desk.customers().create(Map.of("firstName", "Leaving"));
            desk.syncNow();
            tablet.syncNow();
            desk.customers().delete(gone);
            desk.syncNow();
            tablet.tickets().create(Map.of("customerId", gone, "deviceType", "laptop", "problem", "no power"));
            tablet.syncNow();
            // Three changes queued while the server refuses pushes, the oldest 90 minutes ago.
            pushesRefused.set(true);
            for (String name : new String[] {"Ann", "Bo", "Cy"}) {
                tablet.customers().create(Map.of("firstName", name));
            }
            tabletClock.advance(Duration.ofMinutes(90));

            assertThatThrownBy(tablet::syncNow).isInstanceOf(ServerBusyException.class);

            SyncState state = tablet.syncState();
            ShopDevice listed = listed(desk, tablet);
            ShopDevice.Health health = listed.health();
            assertThat(listed.online()).isTrue();
            assertThat(health.queueDepth()).isEqualTo(state.pendingCount()).isEqualTo(3);
            assertThat(health.failedCount()).isEqualTo(state.failedCount()).isEqualTo(1);
            assertThat(health.conflictCount()).isEqualTo(state.conflictCount());
            assertThat(health.oldestUnsentSeconds()).isBetween(5_400L, 5_460L);
            assertThat(health.clockOffsetMs())
                    .as("the tablet's clock runs 90 minutes ahead of the server's")
                    .isBetween(5_390_000L, 5_410_000L);
            assertThat(health.appVersion()).isEqualTo("Tablet app 2.1");
            assertThat(health.sdkVersion()).isEqualTo(Sdk.VERSION);
            assertThat(health.protocol()).isEqualTo(WireVersions.CURRENT);
            assertThat(health.actingEmployeeId()).isEqualTo(shop.adminId());
            assertThat(health.platform()).contains("Java " + System.getProperty("java.version"));
            assertThat(health.lastPushAt()).isNotNull();

            // The server takes pushes again: the queue drains, and the next report says so.
            pushesRefused.set(false);
            tabletClock.advance(Duration.ofHours(1)); // past the retry backoff
            tablet.syncNow();

            assertThat(tablet.syncState().pendingCount()).isZero();
            ShopDevice.Health drained = listed(desk, tablet).health();
            assertThat(drained.queueDepth()).isZero();
            assertThat(drained.oldestUnsentSeconds()).isNull();
            assertThat(drained.failedCount()).isEqualTo(1);
        }
    }

    @Test
    void aTransportWithoutReportsIsNotAskedAgainAndSyncGoesOn() {
        Shop shop = server.createShop();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice tablet = devices.joined(
                    shop,
                    "tablet",
                    Devices.fastOptions()
                            .withAutoSync(false)
                            .withTransport((url, trust, tokens) ->
                                    new ForwardingSyncTransport(new HttpSyncTransport(url, trust, tokens)) {
                                        @Override
                                        public void reportHealth(com.repairsync.protocol.DeviceHealth report) {
                                            asked.incrementAndGet();
                                            throw new UnsupportedOperationException("no reports here");
                                        }
                                    }));
            tablet.customers().create(Map.of("firstName", "Ann"));
            tablet.syncNow();
            RepairSyncDevice desk =
                    devices.joined(shop, "desk", Devices.fastOptions().withAutoSync(false));

            assertThat(tablet.syncState().pendingCount()).isZero();
            assertThat(asked).as("asked once, at the first sync").hasValue(1);
            assertThat(listed(desk, tablet).health()).isNull();
        }
    }

    private static ShopDevice listed(RepairSyncDevice caller, RepairSyncDevice device) {
        String id = device.identity().deviceId();
        return caller.shopDevices().list().stream()
                .filter(d -> d.deviceId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static ForwardingSyncTransport refusingPushes(HttpSyncTransport http, AtomicBoolean refusing) {
        return new ForwardingSyncTransport(http) {
            @Override
            public PushResponse push(PushRequest request) {
                if (refusing.get()) {
                    throw new ServerBusyException(503, "server busy (test)", Duration.ofSeconds(1));
                }
                return super.push(request);
            }
        };
    }
}
