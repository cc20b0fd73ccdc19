package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.records.Customer;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two devices edit the same fields; the tablet's edits lose. Keeping its phone writes the value
 * again as a new change that wins on both devices; keeping theirs for the notes only closes the
 * conflict. Each choice is made once.
 */
class ConflictChoicesIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void keepMineWinsEverywhereAndKeepTheirsLeavesWhatWon() {
        Shop shop = server.createShop();
        MutableClock clock = MutableClock.atNow();
        DeviceOptions options = Devices.fastOptions().withAutoSync(false).withClock(clock);
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", options);
            RepairSyncDevice tablet = devices.joined(shop, "tablet", options);
            String id = desk.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            desk.syncNow();
            tablet.syncNow();

            tablet.customers().update(id, Map.of("phone", "555-0111", "notes", "tablet note"));
            // The desk edits later, by a clock ahead of every HLC seen so far: its values win.
            clock.set(Instant.now().plus(Duration.ofSeconds(5)));
            desk.customers().update(id, Map.of("phone", "555-0222", "notes", "desk note"));
            desk.syncNow();
            tablet.syncNow();

            List<Conflict> conflicts = tablet.conflicts();
            assertThat(conflicts).extracting(Conflict::field).containsExactlyInAnyOrder("phone", "notes");
            Conflict phone = field(conflicts, "phone");
            Conflict notes = field(conflicts, "notes");
            assertThat(phone.localValue()).isEqualTo("\"555-0111\"");
            assertThat(phone.winningValue()).isEqualTo("\"555-0222\"");

            tablet.resolveConflict(notes.id(), ConflictChoice.KEEP_THEIRS);
            assertThat(tablet.syncState().pendingCount())
                    .as("keep theirs writes nothing")
                    .isZero();
            tablet.resolveConflict(phone.id(), ConflictChoice.KEEP_MINE);
            assertThat(tablet.conflicts()).isEmpty();
            assertThat(tablet.syncState().pendingCount()).isEqualTo(1);
            assertThat(tablet.customers().get(id))
                    .as("the kept value shows at once")
                    .map(Customer::phone)
                    .hasValue("555-0111");
            assertThatThrownBy(() -> tablet.resolveConflict(phone.id(), ConflictChoice.KEEP_MINE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no open conflict");

            tablet.syncNow();
            desk.syncNow();
            for (RepairSyncDevice device : List.of(desk, tablet)) {
                Customer customer = device.customers().get(id).orElseThrow();
                assertThat(customer.phone()).as("mine, kept").isEqualTo("555-0111");
                assertThat(customer.notes()).as("theirs, kept").isEqualTo("desk note");
                assertThat(customer.syncStatus()).isEqualTo(SyncStatus.SYNCED);
                assertThat(device.conflicts()).isEmpty();
            }
        }
    }

    private static Conflict field(List<Conflict> conflicts, String field) {
        return conflicts.stream()
                .filter(c -> c.field().equals(field))
                .findFirst()
                .orElseThrow();
    }
}
