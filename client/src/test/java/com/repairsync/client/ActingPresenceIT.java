package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.WsProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence shows who acts on each device: a PIN switch on one device reaches the others, and an
 * acting message the server refuses (an employee who outranks the sign-in, of no or another shop,
 * malformed, or too many) changes nothing.
 */
class ActingPresenceIT {
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aSwitchOnOneDeviceShowsTheActingEmployeeOnTheOther() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());
            List<Presence> heard = new CopyOnWriteArrayList<>();
            tablet.addPresenceListener(heard::add);
            String tess = desk.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            desk.employees().setPin(tess, "4321");
            desk.employees().setPin(shop.adminId(), "135790");
            String deskId = desk.identity().deviceId();
            await().atMost(GENEROUS)
                    .untilAsserted(() -> assertThat(actingOn(tablet, deskId)).isEqualTo(shop.adminId()));

            desk.switchEmployee(tess, "4321");

            await().atMost(GENEROUS)
                    .untilAsserted(() -> assertThat(actingOn(tablet, deskId)).isEqualTo(tess));
            assertThat(heard).anySatisfy(p -> {
                assertThat(p.event()).isEqualTo("acting");
                assertThat(p.device().employeeId()).isEqualTo(tess);
            });
            assertThat(tablet.presence()).hasSize(2);

            desk.switchEmployee(shop.adminId(), "135790");

            await().atMost(GENEROUS)
                    .untilAsserted(() -> assertThat(actingOn(tablet, deskId)).isEqualTo(shop.adminId()));
        }
    }

    @Test
    void anActingMessageTheServerRefusesChangesNothing() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device managers = shop.employeeDevice(office, "manager", "Ben");
        Shop.Employee tess = shop.createEmployee(office, "technician", "Tess");
        String stranger = server.createShop().adminId();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            List<Presence> heard = new CopyOnWriteArrayList<>();
            desk.addPresenceListener(heard::add);
            WsProbe tablet = WsProbe.connect(server.http().client(), server.realtimeUri(null), managers.accessToken());
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(actingOn(desk, managers.deviceId()))
                    .isEqualTo(managers.employeeId()));

            // an admin outranks the manager who signed the tablet in
            assertRefused(say(tablet, acting(shop.adminId())), "forbidden", "may not act as " + shop.adminId());
            assertRefused(
                    say(tablet, acting(UUID.randomUUID().toString())),
                    "forbidden",
                    "is not an active employee of this shop");
            // another shop's admin
            assertRefused(say(tablet, acting(stranger)), "forbidden", "is not an active employee of this shop");
            assertRefused(
                    say(tablet, "{\"type\":\"acting\",\"employeeId\":\"" + "x".repeat(300) + "\"}"),
                    "validation_failed",
                    "exceeds the limit of 256");

            tablet.send(acting(tess.id()));
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(actingOn(desk, managers.deviceId()))
                    .isEqualTo(tess.id()));
            assertThat(heard.stream()
                            .flatMap(p -> p.online().stream())
                            .filter(d -> d.deviceId().equals(managers.deviceId()))
                            .map(Presence.OnlineDevice::employeeId))
                    .as("no refused employee ever showed on the tablet")
                    .containsOnly(managers.employeeId(), tess.id());

            for (int i = 0; i < 10; i++) {
                tablet.send("{}");
            }
            tablet.await(m -> "rate_limited".equals(m.path("code").asText()), GENEROUS); // a burst past the rate
            tablet.close();
        }
    }

    private static String actingOn(RepairSyncDevice observer, String deviceId) {
        return observer.presence().stream()
                .filter(d -> d.deviceId().equals(deviceId))
                .map(Presence.OnlineDevice::employeeId)
                .findFirst()
                .orElse(null);
    }

    private static String acting(String employeeId) {
        return "{\"type\":\"acting\",\"employeeId\":\"" + employeeId + "\"}";
    }

    private static void assertRefused(JsonNode answer, String code, String message) {
        assertThat(answer.path("type").asText()).isEqualTo("refused");
        assertThat(answer.path("request").asText()).isEqualTo("acting");
        assertThat(answer.path("code").asText()).isEqualTo(code);
        assertThat(answer.path("message").asText()).contains(message);
    }

    /** Sends a message on the socket and returns the server's answer to it (the next refusal). */
    private static JsonNode say(WsProbe socket, String text) {
        long before = refusals(socket);
        socket.send(text);
        await().atMost(GENEROUS).until(() -> refusals(socket) > before);
        return socket.messages().stream()
                .filter(m -> m.path("type").asText().equals("refused"))
                .skip(before)
                .findFirst()
                .orElseThrow();
    }

    private static long refusals(WsProbe socket) {
        return socket.messages().stream()
                .filter(m -> m.path("type").asText().equals("refused"))
                .count();
    }
}
