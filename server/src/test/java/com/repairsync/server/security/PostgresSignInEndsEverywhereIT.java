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
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SignInEndsEverywhereIT} and {@link StolenDeviceIT} across two nodes on one PostgreSQL
 * database: the device talks to node 2, which has already let its token in (so it has the sign-in
 * cached), while its sign-in ends through node 1. Within a second node 2 refuses the token and
 * has closed the socket.
 */
class PostgresSignInEndsEverywhereIT {
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

    /** A device of the shop signed in on node 1 and talking to node 2, its token already let in there. */
    private Device onNode2(Shop shop, Device owner, String role) {
        Device device = shop.employeeDevice(owner, role, "Max").on(node2);
        assertThat(device.pull("cursor=0").status()).isEqualTo(200);
        return device;
    }

    private static void assertEndedAtOnce(Device device, WsProbe socket, String code) {
        Awaitility.await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertProblem(device.pull("cursor=0"), 401, code);
            assertThat(socket.awaitClose(Duration.ofMillis(1))).isEqualTo(1008);
        });
    }

    @Test
    void aRemovalOnOneNodeShutsTheThiefOutOfTheOtherWithinASecond() {
        Shop shop = node1.createShop();
        Device ownerDesk = shop.adminDevice("owner's desk");
        Device thief = onNode2(shop, ownerDesk, "manager");

        try (WsProbe thiefSocket = socket(node2, thief)) {
            JsonHttp.Response removed = revoke(node1, ownerDesk, thief.deviceId());
            assertThat(removed.status()).as("%s", removed).isEqualTo(200);

            assertEndedAtOnce(thief, thiefSocket, "device_revoked");
        }
        assertProblem(refresh(node2, thief.refreshToken()), 401, "device_revoked");
    }

    @Test
    void aNewRoleGivenOnOneNodeEndsTheSignInOnTheOtherWithinASecond() {
        Shop shop = node1.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Device tablet = onNode2(shop, owner, "technician");

        try (WsProbe tabletSocket = socket(node2, tablet)) {
            owner.pushOk(
                    List.of(Mutations.upsert("employees", tablet.employeeId()).field("role", "front_desk")));

            assertEndedAtOnce(tablet, tabletSocket, "session_revoked");
        }
    }
}
