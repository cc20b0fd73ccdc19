package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a removed device had not sent reaches the owner, never the shop's data by itself: only the
 * removed device, with the refresh token it held when it was removed, sends it up; an admin or
 * manager of that shop applies it (under their authority, with its own actor and HLC, a group
 * whole, exactly once) or discards it.
 */
class HeldChangesIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aRemovedDeviceSendsUpWhatItHeldAndTheOwnerAppliesOrDiscardsEachChange() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "front_desk", "Fay");
        String kept = UUID.randomUUID().toString();
        String dropped = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        String ticket = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        List<ObjectNode> held = List.of(
                wire(tablet, Mutations.upsert("customers", kept).field("firstName", "Kept")),
                wire(tablet, Mutations.upsert("customers", dropped).field("firstName", "Dropped")),
                wire(tablet, Mutations.upsert("customers", customer).field("firstName", "Grouped"))
                        .put("groupId", group),
                wire(
                                tablet,
                                Mutations.upsert("tickets", ticket)
                                        .field("customerId", customer)
                                        .field("deviceType", "phone")
                                        .field("problem", "cracked"))
                        .put("groupId", group));
        JsonHttp.Response revoked = server.http()
                .post("/v1/devices/" + tablet.deviceId() + "/revoke", Map.of("wipe", true), office.accessToken());
        assertThat(revoked.body().path("wipeRequested").asBoolean())
                .as("%s", revoked)
                .isTrue();

        JsonNode answer = surrender(tablet.refreshToken(), held);
        assertThat(answer.path("held").asInt()).as("%s", answer).isEqualTo(4);
        assertThat(answer.path("wipe").asBoolean()).isTrue();
        assertThat(surrender(tablet.refreshToken(), held).path("held").asInt())
                .as("sent again: kept once")
                .isEqualTo(4);
        assertThat(office.pullAll(0).record("customers", kept))
                .as("nothing applied by itself")
                .isNull();

        String base = "/v1/devices/" + tablet.deviceId() + "/held/";
        JsonNode applied = server.http()
                .post(base + id(held, 0) + "/apply", Map.of(), office.accessToken())
                .body();
        assertThat(applied.path("results").findValuesAsText("status")).containsExactly("applied");
        assertThat(server.http()
                        .post(base + id(held, 1) + "/discard", Map.of(), office.accessToken())
                        .status())
                .isEqualTo(204);
        JsonNode groupApplied = server.http()
                .post(base + id(held, 3) + "/apply", Map.of(), office.accessToken())
                .body();
        assertThat(groupApplied.path("results").findValuesAsText("status"))
                .as("the group, whole")
                .containsExactly("applied", "applied");
        assertThat(server.http()
                        .post(base + id(held, 0) + "/apply", Map.of(), office.accessToken())
                        .status())
                .as("no longer waiting")
                .isEqualTo(404);

        Device.Snapshot shopData = office.pullAll(0);
        assertThat(shopData.record("customers", kept).path("firstName").asText())
                .isEqualTo("Kept");
        assertThat(shopData.record("customers", dropped)).isNull();
        assertThat(shopData.record("tickets", ticket).path("customerId").asText())
                .isEqualTo(customer);
        JsonNode list = server.http()
                .get("/v1/devices/" + tablet.deviceId() + "/held", office.accessToken())
                .body()
                .path("held");
        assertThat(list.findValuesAsText("resolution")).containsExactly("applied", "discarded", "applied", "applied");
        assertThat(list.findValuesAsText("resolvedBy")).containsOnly(office.employeeId());
        assertThat(list.get(0).path("mutation").path("actorId").asText()).isEqualTo(tablet.employeeId());
    }

    @Test
    void onlyTheRemovedDevicesTokenOfItsRemovalSendsUp() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "front_desk", "Fay");
        List<ObjectNode> held = List.of(wire(
                tablet,
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "A")));

        assertThat(surrenderStatus(tablet.refreshToken(), held))
                .as("not removed")
                .isEqualTo(401);
        assertThat(surrenderStatus("made-up-token", held)).isEqualTo(401);
        JsonHttp.Response rotated =
                server.http().post("/v1/auth/refresh", Map.of("refreshToken", tablet.refreshToken()), null);
        String live = rotated.body().path("refreshToken").asText();
        server.http().post("/v1/devices/" + tablet.deviceId() + "/revoke", Map.of(), office.accessToken());

        assertThat(surrenderStatus(tablet.refreshToken(), held))
                .as("rotated before the removal")
                .isEqualTo(401);
        assertThat(surrenderStatus(office.refreshToken(), held))
                .as("another device's token")
                .isEqualTo(401);
        JsonNode answer = surrender(live, held);
        assertThat(answer.path("held").asInt()).isEqualTo(1);
        assertThat(answer.path("wipe").asBoolean()).as("removed without wipe").isFalse();
        ObjectNode noId = wire(
                tablet,
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "B"));
        noId.remove("mutationId");
        JsonHttp.Response refused =
                server.http().post("/v1/devices/held", Map.of("refreshToken", live, "mutations", List.of(noId)), null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("field").asText()).isEqualTo("mutations[0].mutationId");
    }

    @Test
    void onlyTheShopsAdminsAndManagersReviewAndNeverAnotherShop() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "front_desk", "Fay");
        Device technician = shop.employeeDevice(office, "technician", "Tom");
        List<ObjectNode> held = List.of(wire(
                tablet,
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "A")));
        server.http().post("/v1/devices/" + tablet.deviceId() + "/revoke", Map.of(), office.accessToken());
        surrender(tablet.refreshToken(), held);
        Device stranger = server.createShop().adminDevice("stranger");
        String base = "/v1/devices/" + tablet.deviceId() + "/held";

        assertThat(server.http().get(base, technician.accessToken()).status()).isEqualTo(403);
        assertThat(server.http().get(base, stranger.accessToken()).status()).isEqualTo(404);
        assertThat(server.http()
                        .post(base + "/" + id(held, 0) + "/apply", Map.of(), stranger.accessToken())
                        .status())
                .isEqualTo(404);
        assertThat(server.http()
                        .post(base + "/" + id(held, 0) + "/discard", Map.of(), stranger.accessToken())
                        .status())
                .isEqualTo(404);
        assertThat(server.http()
                        .get(base, office.accessToken())
                        .body()
                        .path("held")
                        .get(0)
                        .path("resolution")
                        .isNull())
                .as("still waiting")
                .isTrue();
    }

    private static JsonNode surrender(String refreshToken, List<ObjectNode> mutations) {
        JsonHttp.Response answer = server.http()
                .post("/v1/devices/held", Map.of("refreshToken", refreshToken, "mutations", mutations), null);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.body();
    }

    private static int surrenderStatus(String refreshToken, List<ObjectNode> mutations) {
        return server.http()
                .post("/v1/devices/held", Map.of("refreshToken", refreshToken, "mutations", mutations), null)
                .status();
    }

    private static String id(List<ObjectNode> mutations, int index) {
        return mutations.get(index).path("mutationId").asText();
    }

    /** A mutation as the device queued it. */
    private static ObjectNode wire(Device device, Mutations mutation) {
        ObjectNode node = mutation.build();
        node.put("hlc", device.nextHlc().toString());
        node.put("actorId", device.employeeId());
        return node;
    }
}
