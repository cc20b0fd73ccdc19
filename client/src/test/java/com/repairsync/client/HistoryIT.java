package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.records.RecordHistory;
import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record's history, the audit and a customer's erasure through the SDK against a real server: a
 * manager's device reads history online and, with the network cut, from the copy it keeps (pruned
 * by the window, forgotten when the role is lost); a technician's device keeps none and never sees
 * pay rates; only an admin, with a fresh password confirmation, erases a customer.
 */
class HistoryIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Clock.systemUTC(), Map.of("--history-offline-days", "30"));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** A transport that, while {@code cut}, cannot reach the server (every call is offline). */
    private static final class Cut {
        volatile boolean cut;

        DeviceOptions options(DeviceOptions options) {
            return options.withTransport((url, tokens) -> wrap(new HttpSyncTransport(url, tokens)));
        }

        private SyncTransport wrap(SyncTransport real) {
            return new ForwardingSyncTransport(real) {
                @Override
                public HistoryPage history(String entity, String id, Long before, int limit) {
                    offline();
                    return super.history(entity, id, before, limit);
                }

                @Override
                public HistoryFeed historyFeed(long after, int limit) {
                    offline();
                    return super.historyFeed(after, limit);
                }
            };
        }

        private void offline() {
            if (cut) {
                throw new OfflineException("the network is cut", null);
            }
        }
    }

    private static DeviceOptions options() {
        return Devices.fastOptions().withAutoSync(false);
    }

    @Test
    void aManagerReadsARecordsHistoryOnlineAndFromItsCopyWhenOffline() {
        Shop shop = server.createShop();
        Shop.Employee mona = shop.createEmployee(shop.adminDevice("office"), "manager", "Mona");
        Cut network = new Cut();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "Front desk", options());
            String customer = desk.customers().create(Map.of("firstName", "Grace"));
            String ticket = desk.tickets()
                    .create(Map.of(
                            "customerId",
                            customer,
                            "deviceType",
                            "phone",
                            "problem",
                            "cracked",
                            "estimateCents",
                            12000));
            desk.syncNow();
            desk.tickets().update(ticket, Map.of("estimateCents", 14900));
            desk.syncNow();

            RepairSyncDevice tablet = devices.open("tablet", network.options(options()));
            tablet.join(mona.email(), TestServer.PASSWORD, "Mona's tablet");

            RecordHistory online = tablet.tickets().history(ticket);
            assertThat(online.source()).isEqualTo(RecordHistory.Source.SERVER);
            assertThat(online.entries()).extracting(HistoryEntry::op).containsExactly("update", "create");
            HistoryEntry edit = online.entries().get(0);
            assertThat(edit.deviceId()).isEqualTo(desk.identity().deviceId());
            assertThat(edit.actorId()).isEqualTo(desk.identity().signedInEmployeeId());
            HistoryText text =
                    HistoryText.of(tablet).withDevices(tablet.shopDevices().list());
            assertThat(text.sentence(edit))
                    .startsWith("Owner One changed estimate from 120.00 to 149.00 on Front desk, ");

            network.cut = true;
            RecordHistory offline = tablet.tickets().history(ticket);
            assertThat(offline.source()).isEqualTo(RecordHistory.Source.DEVICE);
            assertThat(offline.windowDays()).isEqualTo(30);
            assertThat(offline.entries()).isEqualTo(online.entries());
            RecordHistory paged = tablet.tickets().history(ticket, null, 1);
            assertThat(paged.entries()).extracting(HistoryEntry::op).containsExactly("update");
            assertThat(tablet.tickets().history(ticket, paged.before(), 1).entries())
                    .extracting(HistoryEntry::op)
                    .containsExactly("create");

            network.cut = false;
            assertThatThrownBy(() -> tablet.tickets().history("0190a1b2-0000-7000-8000-000000000000"))
                    .isInstanceOf(RecordNotFoundException.class);
        }
    }

    @Test
    void aTechniciansDeviceKeepsNoHistoryAndNeverSeesPayRates() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee tess = shop.createEmployee(office, "technician", "Tess");
        Cut network = new Cut();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", options());
            desk.syncNow();
            desk.employees().update(tess.id(), Map.of("hourlyRateCents", 3100));
            desk.employees().update(tess.id(), Map.of("lastName", "Tech", "hourlyRateCents", 3200));
            desk.syncNow();

            RepairSyncDevice bench = devices.open("bench", network.options(options()));
            bench.join(tess.email(), TestServer.PASSWORD, "bench");

            RecordHistory managers = desk.employees().history(tess.id());
            RecordHistory technicians = bench.employees().history(tess.id());
            assertThat(fields(managers)).contains("hourlyRateCents");
            assertThat(fields(technicians)).doesNotContain("hourlyRateCents").contains("lastName");
            assertThat(technicians.entries())
                    .as("the change of nothing but the pay rate is not shown at all")
                    .hasSize(managers.entries().size() - 1);
            assertThat(technicians.entries())
                    .flatExtracting(HistoryEntry::changes)
                    .filteredOn(change -> change.field().equals("pinHash"))
                    .allSatisfy(pin -> {
                        assertThat(pin.changed()).isTrue();
                        assertThat(pin.to()).isNull();
                    });

            network.cut = true;
            assertThatThrownBy(() -> bench.employees().history(tess.id()))
                    .as("a technician's device keeps no copy")
                    .isInstanceOf(OfflineException.class);
            assertThatThrownBy(() -> bench.audit().query(AuditQuery.all()))
                    .isInstanceOf(PermissionDeniedException.class);
        }
    }

    @Test
    void theCopyIsPrunedByTheWindowAndForgottenWhenTheRoleIsLost() {
        Shop shop = server.createShop();
        Shop.Employee mona = shop.createEmployee(shop.adminDevice("office"), "manager", "Mona");
        MutableClock tabletClock = MutableClock.atNow();
        Cut network = new Cut();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", options());
            String customer = desk.customers().create(Map.of("firstName", "Grace"));
            desk.syncNow();
            RepairSyncDevice tablet =
                    devices.open("tablet", network.options(options().withClock(tabletClock)));
            tablet.join(mona.email(), TestServer.PASSWORD, "tablet");
            network.cut = true;
            assertThat(tablet.customers().history(customer).entries()).hasSize(1);
            network.cut = false;

            tabletClock.advance(Duration.ofDays(31));
            tablet.syncNow();
            network.cut = true;
            RecordHistory pruned = tablet.customers().history(customer);
            assertThat(pruned.source()).isEqualTo(RecordHistory.Source.DEVICE);
            assertThat(pruned.entries()).as("older than the 30-day window").isEmpty();
            network.cut = false;

            tabletClock.advance(Duration.ofDays(-31));
            desk.customers().update(customer, Map.of("phone", "555-0101"));
            desk.syncNow();
            tablet.syncNow();
            network.cut = true;
            assertThat(tablet.customers().history(customer).entries()).hasSize(1);
            network.cut = false;

            desk.employees().update(mona.id(), Map.of("role", "technician"));
            desk.syncNow();
            assertThatThrownBy(tablet::syncNow)
                    .as("a new role ends the sign-in")
                    .isInstanceOf(UnauthorizedException.class);
            network.cut = true;
            assertThatThrownBy(() -> tablet.customers().history(customer))
                    .as("no longer a manager: the copy is gone")
                    .isInstanceOf(OfflineException.class);
        }
    }

    @Test
    void aManagerAuditsWhatAnEmployeeDid() {
        Shop shop = server.createShop();
        Shop.Employee mona = shop.createEmployee(shop.adminDevice("office"), "manager", "Mona");
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", options());
            String customer = desk.customers().create(Map.of("firstName", "Grace"));
            String item = desk.inventoryItems().create(Map.of("sku", "SCR-1", "name", "Screen", "quantity", 9));
            desk.inventoryItems().adjustStock(item, 3);
            desk.syncNow();
            RepairSyncDevice tablet = devices.open("tablet", options());
            tablet.join(mona.email(), TestServer.PASSWORD, "tablet");
            String admin = desk.identity().signedInEmployeeId();

            HistoryPage items =
                    tablet.audit().query(AuditQuery.all().employee(admin).entity("inventoryItems"));
            assertThat(items.entries()).extracting(HistoryEntry::op).containsExactly("adjust", "create");
            assertThat(HistoryText.of(tablet).what(items.entries().get(0))).isEqualTo("adjusted quantity +3 → 12");
            HistoryPage first =
                    tablet.audit().query(AuditQuery.all().employee(admin).limit(1));
            assertThat(first.before()).isNotNull();
            HistoryPage next = tablet.audit()
                    .query(AuditQuery.all().employee(admin).limit(1).before(first.before()));
            assertThat(next.entries().get(0).seq())
                    .isLessThan(first.entries().get(0).seq());
            assertThat(tablet.audit()
                            .query(AuditQuery.all().device(tablet.identity().deviceId()))
                            .entries())
                    .as("the tablet did nothing")
                    .isEmpty();
            assertThat(tablet.audit()
                            .query(AuditQuery.all().entity("customers"))
                            .entries())
                    .extracting(HistoryEntry::recordId)
                    .containsExactly(customer);
        }
    }

    @Test
    void onlyAnAdminWhoConfirmedTheirPasswordErasesACustomer() {
        Shop shop = server.createShop();
        Shop.Employee mona = shop.createEmployee(shop.adminDevice("office"), "manager", "Mona");
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", options());
            String customer = desk.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            desk.syncNow();
            RepairSyncDevice tablet = devices.open("tablet", options());
            tablet.join(mona.email(), TestServer.PASSWORD, "tablet");

            assertThatThrownBy(() -> tablet.customers().erase(customer)).isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> desk.customers().erase(customer))
                    .isInstanceOf(ReauthenticationRequiredException.class);

            desk.confirmPassword(TestServer.PASSWORD);
            Erasure erasure = desk.customers().erase(customer);
            assertThat(erasure.recordId()).isEqualTo(customer);
            assertThat(erasure.erasedBy()).isEqualTo(desk.identity().signedInEmployeeId());
            assertThat(erasure.records()).isEqualTo(1);
            assertThat(desk.customers().erase(customer).records())
                    .as("erasing again is harmless")
                    .isZero();
            assertThatThrownBy(() -> desk.customers().erase("0190a1b2-0000-7000-8000-000000000000"))
                    .isInstanceOf(RecordNotFoundException.class);

            List<HistoryEntry> history = tablet.customers().history(customer).entries();
            assertThat(history).extracting(HistoryEntry::op).containsExactly("erase", "create");
            assertThat(history.get(1).changes())
                    .as("the create's personal values are gone from the history")
                    .allSatisfy(change -> assertThat(change.erased()).isTrue());
            assertThat(HistoryText.of(tablet).what(history.get(0)))
                    .isEqualTo("erased this customer's personal details");
        }
    }

    private static List<String> fields(RecordHistory history) {
        return history.entries().stream()
                .flatMap(entry -> entry.changes().stream())
                .map(HistoryEntry.FieldChange::field)
                .toList();
    }
}
