package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shop's presence changes leave once per window, one per device, and a full window at once. */
class PresenceBatchesTest {
    private final ManualTimer timer = new ManualTimer();
    private final List<List<Map<String, Object>>> delivered = new ArrayList<>();
    private final PresenceBatches batches = new PresenceBatches(timer, (shopId, changes) -> delivered.add(changes));

    @Test
    void aWindowsChangesLeaveTogetherWithTheLatestOfEachDevice() {
        batches.add("shop", "online", who("tablet", "tech-1"));
        batches.add("shop", "online", who("desk", "owner"));
        batches.add("shop", "acting", who("tablet", "tech-2"));
        batches.add("shop", "offline", who("desk", "owner"));
        assertThat(delivered).as("nothing leaves before the window closes").isEmpty();
        assertThat(timer.delays).containsExactly(PresenceBatches.WINDOW);

        timer.fire();

        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0))
                .as("came and switched within the window: still news of its arrival, with the new employee")
                .containsExactly(
                        Map.of("event", "online", "employeeId", "tech-2", "deviceId", "tablet", "deviceName", "tablet"),
                        Map.of("event", "offline", "employeeId", "owner", "deviceId", "desk", "deviceName", "desk"));
        assertThat(batches.openWindows()).as("a closed window holds nothing").isZero();
    }

    @Test
    void eachShopHasAWindowOfItsOwnAndAQuietShopSendsNothing() {
        batches.add("shop-a", "online", who("a1", "e"));
        batches.add("shop-b", "online", who("b1", "e"));
        timer.fire();
        timer.fire();

        assertThat(delivered).hasSize(2);
        assertThat(timer.delays).hasSize(2);
        batches.add("shop-a", "offline", who("a1", "e"));
        assertThat(timer.delays).as("a new change opens a new window").hasSize(3);
    }

    @Test
    void aWindowThatGathersTheMostDevicesLeavesAtOnce() {
        for (int i = 0; i < PresenceBatches.MAX_CHANGES; i++) {
            batches.add("shop", "online", who("device-" + i, "e"));
        }
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0)).hasSize(PresenceBatches.MAX_CHANGES);

        batches.add("shop", "online", who("one-more", "e"));
        assertThat(timer.delays).as("the window stays open until its timer").hasSize(1);
        timer.fire();
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(1))
                .extracting(change -> change.get("deviceId"))
                .containsExactly("one-more");
    }

    @Test
    void aSnapshotWithNoWindowOpenLeavesNothingHeld() {
        String answer = batches.whileHeld("shop", () -> "snapshot");

        assertThat(answer).isEqualTo("snapshot");
        assertThat(batches.openWindows()).isZero();
        assertThat(timer.delays).isEmpty();
    }

    private static Map<String, Object> who(String deviceId, String employeeId) {
        return new java.util.LinkedHashMap<>(
                Map.of("employeeId", employeeId, "deviceId", deviceId, "deviceName", deviceId));
    }

    /** Runs its tasks when the test says, oldest first. */
    static final class ManualTimer implements PresenceBatches.Timer {
        final List<Duration> delays = new ArrayList<>();
        private final List<Runnable> due = new ArrayList<>();

        @Override
        public synchronized void after(Duration delay, Runnable task) {
            delays.add(delay);
            due.add(task);
        }

        @Override
        public void stop() {}

        /** Runs the oldest task waiting. */
        void fire() {
            Runnable task;
            synchronized (this) {
                task = due.remove(0);
            }
            task.run();
        }

        /** Runs every task waiting now (not those they schedule). */
        void fireAll() {
            List<Runnable> now;
            synchronized (this) {
                now = new ArrayList<>(due);
                due.clear();
            }
            now.forEach(Runnable::run);
        }
    }
}
