package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The owner's console API: a device's health report as the owner sees it, analytics that count
 * exactly the pushes and pulls made, alerts, and who may read any of it (never another shop, never
 * a technician or the front desk). Runs on every store the fixture offers.
 */
class ConsoleApiIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static final String MARKUP = "<img src=x onerror=alert(1)>\"'&";

    @Test
    void aReportIsListedOnTheServersClockWithItsTextAsSent() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "technician", "Tom");
        Instant aheadBy2s = Instant.now().plusSeconds(2);
        Map<String, Object> report = report(aheadBy2s);
        report.put("platform", MARKUP);
        report.put("oldestUnsentSeconds", 120);
        report.put("actingEmployeeId", tablet.employeeId());

        assertThat(sendReport(tablet, report).status()).isEqualTo(204);

        JsonNode listed = listed(office, tablet.deviceId());
        assertThat(listed.path("online").asBoolean()).isTrue();
        JsonNode health = listed.path("health");
        assertThat(health.path("appVersion").asText()).isEqualTo("Tablet 2.1.0");
        assertThat(health.path("platform").asText())
                .as("markup is kept as text")
                .isEqualTo(MARKUP);
        assertThat(health.path("sdkVersion").asText()).isEqualTo("test-sdk 9.9");
        assertThat(health.path("protocol").asInt()).isEqualTo(WireVersions.CURRENT);
        assertThat(health.path("queueDepth").asInt()).isEqualTo(3);
        assertThat(health.path("failedCount").asInt()).isEqualTo(1);
        assertThat(health.path("conflictCount").asInt()).isEqualTo(2);
        assertThat(health.path("oldestUnsentSeconds").asLong()).isBetween(120L, 150L);
        assertThat(health.path("clockOffsetMs").asLong())
                .as("the device's clock runs 2 s ahead")
                .isBetween(0L, 2_000L);
        assertThat(health.path("actingEmployeeId").asText()).isEqualTo(tablet.employeeId());
        assertThat(WireInstant.parse(health.path("lastPushAt").asText()))
                .isBefore(WireInstant.parse(health.path("reportedAt").asText()));
        assertThat(listed(office, office.deviceId()).path("health").isNull())
                .as("a device that never reported has no health")
                .isTrue();
    }

    @Test
    void reportsAreCheckedFieldByField() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("appVersion", "x".repeat(65));
        bad.put("platform", "Linux \u001b[31mred");
        bad.put("queueDepth", -1);
        bad.put("failedCount", "3");
        bad.put("oldestUnsentSeconds", 1.5);
        bad.put("actingEmployeeId", "not-a-uuid");
        bad.put("deviceTime", "yesterday");
        bad.forEach((field, value) -> {
            Map<String, Object> report = report(Instant.now());
            report.put(field, value);
            JsonHttp.Response answer = sendReport(office, report);
            assertThat(answer.status()).as("%s: %s", field, answer).isEqualTo(400);
            assertThat(answer.body().path("field").asText()).isEqualTo(field);
        });
        Map<String, Object> missing = report(Instant.now());
        missing.remove("queueDepth");
        assertThat(sendReport(office, missing).body().path("field").asText()).isEqualTo("queueDepth");
        Map<String, Object> huge = report(Instant.now());
        huge.put("padding", "x".repeat(5_000));
        assertThat(sendReport(office, huge).status()).isEqualTo(413);
        assertThat(listed(office, office.deviceId()).path("health").isNull())
                .as("a refused report changes nothing")
                .isTrue();
    }

    @Test
    void analyticsCountExactlyThePushesAndPullsMade() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "front_desk", "Tom");
        JsonNode before = totals(office); // creating Tom was a push too
        List<ObjectNode> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(wire(
                    tablet,
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "C" + i)));
        }
        List<JsonHttp.Response> pushes = new ArrayList<>();
        pushes.add(tablet.pushRaw(first));
        pushes.add(tablet.pushRaw(first)); // sent again: three duplicates
        pushes.add(tablet.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", 42),
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("nonsense", "x"))));
        pushes.add(office.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "D"))));
        tablet.pull("?cursor=0");
        office.pull("?cursor=0");
        office.pull("?cursor=0");

        Map<String, Long> outcomes = new HashMap<>();
        Map<String, Long> codes = new HashMap<>();
        for (JsonHttp.Response push : pushes) {
            assertThat(push.status()).as("%s", push).isEqualTo(200);
            for (JsonNode result : push.body().path("results")) {
                outcomes.merge(result.path("status").asText(), 1L, Long::sum);
                if (result.hasNonNull("code")) {
                    codes.merge(result.path("code").asText(), 1L, Long::sum);
                }
            }
        }
        JsonHttp.Response answer = server.http().get("/v1/analytics?hours=2", office.accessToken());
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        JsonNode totals = answer.body().path("totals");
        assertThat(added(totals, before, "pushes")).isEqualTo(4);
        assertThat(added(totals, before, "mutations")).isEqualTo(9);
        assertThat(added(totals, before, "applied"))
                .isEqualTo(outcomes.get("applied"))
                .isEqualTo(4);
        assertThat(added(totals, before, "duplicate"))
                .isEqualTo(outcomes.get("duplicate"))
                .isEqualTo(3);
        assertThat(added(totals, before, "rejected"))
                .isEqualTo(outcomes.get("rejected"))
                .isEqualTo(2);
        Map<String, Long> byCode = new HashMap<>();
        totals.path("rejectedByCode")
                .fields()
                .forEachRemaining(e -> byCode.put(e.getKey(), e.getValue().asLong()));
        assertThat(byCode).isEqualTo(codes);
        assertThat(added(totals, before, "pulls")).isEqualTo(3);
        assertThat(totals.path("pushMs").path("p50").asLong()).isPositive();
        assertThat(totals.path("pullMs").path("p99").asLong()).isPositive();
        assertThat(answer.body().path("hours")).hasSize(2);
        JsonNode top = answer.body().path("topRejecting");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).path("deviceId").asText()).isEqualTo(tablet.deviceId());
        assertThat(top.get(0).path("name").asText()).isEqualTo("Tom's tablet");
        assertThat(top.get(0).path("rejected").asLong()).isEqualTo(2);

        assertThat(server.http()
                        .get("/v1/analytics?hours=0", office.accessToken())
                        .body()
                        .path("field")
                        .asText())
                .isEqualTo("hours");
        assertThat(server.http()
                        .get("/v1/analytics?hours=337", office.accessToken())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void alertsNameChangesUnsentForOverAnHourAndASpikeOfRejections() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "technician", "Tom");
        Map<String, Object> stuck = report(Instant.now());
        stuck.put("oldestUnsentSeconds", 3 * 3600);
        sendReport(tablet, stuck);
        List<Mutations> refused = new ArrayList<>();
        for (int i = 0; i < Alerts.SPIKE_MIN; i++) {
            refused.add(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("nonsense", i));
        }
        tablet.push(refused);

        JsonNode alerts = alerts(office);
        assertThat(alerts).anySatisfy(alert -> {
            assertThat(alert.path("kind").asText()).isEqualTo("unsent");
            assertThat(alert.path("deviceId").asText()).isEqualTo(tablet.deviceId());
            assertThat(alert.path("detail").asText()).contains("3 changes not sent, the oldest for 3 hours");
        });
        assertThat(alerts).anySatisfy(alert -> {
            assertThat(alert.path("kind").asText()).isEqualTo("rejections");
            assertThat(alert.path("detail").asText()).startsWith(Alerts.SPIKE_MIN + " changes rejected this hour");
        });

        JsonHttp.Response revoked =
                server.http().post("/v1/devices/" + tablet.deviceId() + "/revoke", Map.of(), office.accessToken());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(alerts(office)).as("a removed device raises no alerts").noneSatisfy(alert -> assertThat(
                        alert.path("deviceId").asText())
                .isEqualTo(tablet.deviceId()));
        assertThat(sendReport(tablet, report(Instant.now())).body().path("code").asText())
                .as("a removed device reports no more")
                .isEqualTo("device_revoked");
    }

    @Test
    void onlyAdminsAndManagersOfTheShopReadTheConsole() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device manager = shop.employeeDevice(office, "manager", "Mia");
        Device technician = shop.employeeDevice(office, "technician", "Tom");
        Device frontDesk = shop.employeeDevice(office, "front_desk", "Fay");
        for (String path : List.of("/v1/devices", "/v1/analytics", "/v1/alerts")) {
            assertThat(server.http().get(path, manager.accessToken()).status())
                    .as(path)
                    .isEqualTo(200);
            for (Device refused : List.of(technician, frontDesk)) {
                JsonHttp.Response answer = server.http().get(path, refused.accessToken());
                assertThat(answer.status()).as("%s as %s", path, refused).isEqualTo(403);
                assertThat(answer.body().path("code").asText()).isEqualTo("forbidden");
            }
            assertThat(server.http().get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(sendReport(technician, report(Instant.now())).status())
                .as("every device reports its own health")
                .isEqualTo(204);
    }

    @Test
    void anotherShopNeverSeesOrRemovesTheDevicesOrCountsOfThisOne() {
        Shop victim = server.createShop();
        Device office = victim.adminDevice("office");
        Device tablet = victim.employeeDevice(office, "technician", "Tom");
        sendReport(tablet, report(Instant.now()));
        tablet.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("nonsense", 1)));
        Shop attackerShop = server.createShop();
        Device attacker = attackerShop.adminDevice("attacker");

        JsonHttp.Response devices = server.http().get("/v1/devices", attacker.accessToken());
        assertThat(devices.body().path("devices").toString())
                .doesNotContain(tablet.deviceId(), office.deviceId(), "Tom");
        JsonNode totals = server.http()
                .get("/v1/analytics", attacker.accessToken())
                .body()
                .path("totals");
        assertThat(totals.path("pushes").asLong()).isZero();
        assertThat(totals.path("rejected").asLong()).isZero();
        assertThat(alerts(attacker).toString()).doesNotContain(tablet.deviceId());
        JsonHttp.Response revoke =
                server.http().post("/v1/devices/" + tablet.deviceId() + "/revoke", Map.of(), attacker.accessToken());
        assertThat(revoke.status()).isEqualTo(404);
        assertThat(listed(office, tablet.deviceId()).path("revokedAt").isNull()).isTrue();
    }

    private static JsonNode totals(Device caller) {
        JsonHttp.Response answer = server.http().get("/v1/analytics?hours=2", caller.accessToken());
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.body().path("totals");
    }

    private static long added(JsonNode after, JsonNode before, String count) {
        return after.path(count).asLong() - before.path(count).asLong();
    }

    private static Map<String, Object> report(Instant deviceTime) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("appVersion", "Tablet 2.1.0");
        report.put("platform", "Linux 6.1 (amd64), Java 17");
        report.put("queueDepth", 3);
        report.put("oldestUnsentSeconds", 60);
        report.put("failedCount", 1);
        report.put("conflictCount", 2);
        report.put("lastPushSeconds", 30);
        report.put("lastPullSeconds", 20);
        report.put("deviceTime", WireInstant.format(deviceTime));
        return report;
    }

    private static JsonHttp.Response sendReport(Device device, Map<String, Object> report) {
        JsonHttp http = server.http();
        return http.send(http.request("/v1/devices/health", device.accessToken())
                .header("Content-Type", "application/json")
                .header(WireVersions.PROTOCOL_HEADER, Integer.toString(WireVersions.CURRENT))
                .header(WireVersions.SDK_HEADER, "test-sdk 9.9")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JsonHttp.JSON.valueToTree(report).toString()))
                .build());
    }

    private static JsonNode listed(Device caller, String deviceId) {
        JsonHttp.Response list = server.http().get("/v1/devices", caller.accessToken());
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        for (JsonNode device : list.body().path("devices")) {
            if (device.path("deviceId").asText().equals(deviceId)) {
                return device;
            }
        }
        throw new AssertionError("device " + deviceId + " is not in " + list.body());
    }

    private static JsonNode alerts(Device caller) {
        JsonHttp.Response answer = server.http().get("/v1/alerts", caller.accessToken());
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.body().path("alerts");
    }

    /** A mutation as the device sends it, kept to be sent again. */
    private static ObjectNode wire(Device device, Mutations mutation) {
        ObjectNode node = mutation.build();
        node.put("hlc", device.nextHlc().toString());
        node.put("actorId", device.employeeId());
        return node;
    }
}
