package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Presence of other nodes: union per shop, resync sweeps, and expiry of silent nodes on a fake ticker. */
class RemotePresenceTest {
    private final AtomicLong now = new AtomicLong();
    private final RemotePresence presence =
            new RemotePresence(Duration.ofSeconds(15).toNanos(), now::get);

    private static RemotePresence.Entry entry(String node, String shop, String device) {
        return new RemotePresence.Entry(node, shop, device, Map.of("deviceId", device, "employeeId", "e-" + device));
    }

    @Test
    void aDeviceIsOnlineWhileAnyNodeHasIt() {
        presence.add(entry("n1", "shop", "tablet"));
        presence.add(entry("n2", "shop", "tablet"));

        presence.remove("n1", "shop", "tablet");

        assertThat(presence.isOnline("shop", "tablet")).isTrue();
        assertThat(presence.online("shop")).hasSize(1);
        assertThat(presence.online("other shop")).isEmpty();
        assertThat(presence.remove("n2", "shop", "tablet")).isNotNull();
        assertThat(presence.isOnline("shop", "tablet")).isFalse();
    }

    @Test
    void aNodeSilentForLongerThanTheTimeoutIsDroppedWithItsDevices() {
        presence.heard("n1");
        presence.add(entry("n1", "shop", "desk"));
        presence.heard("n2");
        presence.add(entry("n2", "shop", "tablet"));

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        presence.heard("n2");
        assertThat(presence.expire()).isEmpty();

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(presence.expire()).extracting(RemotePresence.Entry::deviceId).containsExactly("desk");
        assertThat(presence.isOnline("shop", "desk")).isFalse();
        assertThat(presence.isOnline("shop", "tablet")).isTrue();
    }

    @Test
    void aResyncKeepsReannouncedDevicesAndSweepsTheRest() {
        presence.add(entry("n1", "shop", "desk"));
        presence.add(entry("n1", "shop", "tablet"));

        presence.markStale("n1");
        presence.add(entry("n1", "shop", "tablet"));

        assertThat(presence.sweep("n1"))
                .extracting(RemotePresence.Entry::deviceId)
                .containsExactly("desk");
        assertThat(presence.online("shop"))
                .extracting(who -> who.get("deviceId"))
                .containsExactly("tablet");
    }

    @Test
    void aNodeThatSaysGoodbyeTakesItsDevicesAlong() {
        presence.add(entry("n1", "shop", "desk"));
        presence.add(entry("n1", "other", "laptop"));

        assertThat(presence.drop("n1")).hasSize(2);
        assertThat(presence.online("shop")).isEmpty();
    }
}
