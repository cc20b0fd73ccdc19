package com.repairsync.server.security;

import static com.repairsync.server.security.SignInFixtures.AT_ONCE;
import static com.repairsync.server.security.SignInFixtures.assertProblem;
import static com.repairsync.server.security.SignInFixtures.refresh;
import static com.repairsync.server.security.SignInFixtures.revoke;
import static com.repairsync.server.security.SignInFixtures.socket;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.WsProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StolenDeviceIT} across two nodes on one PostgreSQL database: the thief talks to node 2
 * (which has already let its token in, so it has the device cached) while the owner removes the
 * tablet through node 1. Within a second node 2 refuses the token and has closed the socket.
 */
class PostgresStolenDeviceIT {
    private TestServer node1;
    private TestServer node2;

    @BeforeEach
    void twoNodes() {
        node1 = TestServer.startOnPostgres(Clock.systemUTC(), Map.of("--node-id", "node-1"));
        node2 = node1.startAnotherNode(Map.of("--node-id", "node-2"));
    }

    @AfterEach
    void stopBoth() {
        node1.stop();
        node2.stop();
    }

    @Test
    void aRemovalOnOneNodeShutsTheThiefOutOfTheOtherWithinASecond() {
        Shop shop = node1.createShop();
        Device ownerDesk = shop.adminDevice("owner's desk");
        Device thief = shop.employeeDevice(ownerDesk, "manager", "Max").on(node2);
        assertThat(thief.pull("cursor=0").status()).isEqualTo(200);

        try (WsProbe thiefSocket = socket(node2, thief)) {
            JsonHttp.Response removed = revoke(node1, ownerDesk, thief.deviceId());
            assertThat(removed.status()).as("%s", removed).isEqualTo(200);

            Awaitility.await()
                    .atMost(AT_ONCE)
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> {
                        assertProblem(thief.pull("cursor=0"), 401, "device_revoked");
                        assertThat(thiefSocket.awaitClose(Duration.ofMillis(1))).isEqualTo(1008);
                    });
        }
        assertProblem(refresh(node2, thief.refreshToken()), 401, "device_revoked");
    }
}
