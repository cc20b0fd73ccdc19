package com.repairsync.server.security;

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
 * Creating an admin or making someone one needs the actor's password again: a fresh step-up
 * token, bound to the device and the employee who typed it. A stolen device's tokens alone cannot
 * mint a new admin.
 */
class StepUpIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static JsonHttp.Response stepUp(Device device, Map<String, Object> body) {
        return server.http().post("/v1/auth/step-up", body, device.accessToken());
    }

    private static ObjectNode newAdmin(Device device, String stepUp) {
        ObjectNode mutation = Mutations.upsert("employees", UUID.randomUUID().toString())
                .field("firstName", "Second")
                .field("role", "admin")
                .build();
        mutation.put("hlc", device.nextHlc().toString());
        mutation.put("actorId", device.employeeId());
        if (stepUp != null) {
            mutation.put("stepUp", stepUp);
        }
        return mutation;
    }

    private static JsonNode result(JsonHttp.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().at("/results/0");
    }

    @Test
    void anAdminIsMadeOnlyWithAFreshConfirmationOfTheActorsPassword() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");

        JsonNode unconfirmed = result(desk.pushRaw(List.of(newAdmin(desk, null))));
        assertThat(unconfirmed.path("status").asText()).isEqualTo("rejected");
        assertThat(unconfirmed.path("code").asText()).isEqualTo("reauthentication_required");
        assertThat(unconfirmed.path("field").asText()).isEqualTo("stepUp");

        JsonHttp.Response wrong = stepUp(desk, Map.of("password", "not-the-password"));
        assertThat(wrong.status()).as("%s", wrong).isEqualTo(403);
        assertThat(wrong.body().path("code").asText()).isEqualTo("reauthentication_required");

        JsonHttp.Response confirmed = stepUp(desk, Map.of("password", TestServer.PASSWORD));
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
        String token = confirmed.body().path("stepUpToken").asText();
        assertThat(confirmed.body().path("employeeId").asText()).isEqualTo(shop.adminId());

        assertThat(result(desk.pushRaw(List.of(newAdmin(desk, token))))
                        .path("status")
                        .asText())
                .isEqualTo("applied");
    }

    @Test
    void aConfirmationServesOnlyItsDeviceAndEmployeeAndIsNoAccessToken() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        Device laptop = shop.adminDevice("laptop");
        String token = stepUp(desk, Map.of("password", TestServer.PASSWORD))
                .body()
                .path("stepUpToken")
                .asText();

        assertThat(result(laptop.pushRaw(List.of(newAdmin(laptop, token))))
                        .path("code")
                        .asText())
                .as("another device")
                .isEqualTo("reauthentication_required");
        assertThat(server.http().get("/v1/sync/pull?cursor=0", token).status())
                .as("a step-up token is no access token")
                .isEqualTo(401);
        assertThat(result(server.createShop().adminDevice("elsewhere").pushRaw(List.of(newAdmin(desk, token))))
                        .path("code")
                        .asText())
                .as("another shop")
                .isIn("reauthentication_required", "forbidden");
    }

    @Test
    void aManagersDeviceCannotConfirmForAnAdmin() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = shop.employeeDevice(desk, "manager", "Max");

        JsonHttp.Response asAdmin =
                stepUp(tablet, Map.of("employeeId", shop.adminId(), "password", TestServer.PASSWORD));

        assertThat(asAdmin.status()).as("%s", asAdmin).isEqualTo(403);
        assertThat(asAdmin.body().path("code").asText()).isEqualTo("forbidden");
    }
}
