package com.repairsync.server.security;

import static com.repairsync.server.security.SignInFixtures.AT_ONCE;
import static com.repairsync.server.security.SignInFixtures.assertProblem;
import static com.repairsync.server.security.SignInFixtures.assertSocketRefused;
import static com.repairsync.server.security.SignInFixtures.listed;
import static com.repairsync.server.security.SignInFixtures.loginNaming;
import static com.repairsync.server.security.SignInFixtures.refresh;
import static com.repairsync.server.security.SignInFixtures.revoke;
import static com.repairsync.server.security.SignInFixtures.socket;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thief holds a copy of a manager's tablet: its refresh token and its access token. The tokens
 * alone cannot change a password, climb to the admin's role or take another device over; the shop's
 * owner signs in elsewhere and removes the tablet, after which every request, refresh and socket
 * of the tablet is refused ({@code device_revoked}, naming who removed it) and its id is never
 * signed in again. {@code PostgresSignInEndsEverywhereIT} shows the removal reaching another node at once.
 */
class StolenDeviceIT {
    /** The most wrong current passwords a caller may try before the throttle answers. */
    private static final int MOST_GUESSES = 10;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    /** A shop whose manager's tablet was stolen; the owner's own desk device is not. */
    private record Theft(Shop shop, Device ownerDesk, Shop.Employee max, Device tablet) {}

    private static Theft theft() {
        Shop shop = server.createShop();
        Device ownerDesk = shop.adminDevice("owner's desk");
        Shop.Employee max = shop.createEmployee(ownerDesk, "manager", "Max");
        Device tablet = server.login(max.email(), TestServer.PASSWORD, "Max's tablet");
        return new Theft(shop, ownerDesk, max, tablet);
    }

    @Test
    void theTokensAloneCannotChangeAPasswordOrClimbToAdmin() {
        Theft theft = theft();
        Device thief = theft.tablet();
        String owner = theft.shop().adminId();

        // the shop owner's password is out of a manager's reach, with or without a guess at one
        assertProblem(setPassword(thief, owner, null), 403, "forbidden");
        assertProblem(setPassword(thief, owner, "a guess"), 403, "forbidden");
        // the tablet's own signer's password needs the current one, which the tokens do not carry
        String max = theft.max().id();
        assertThat(assertProblem(setPassword(thief, max, null), 403, "reauthentication_required")
                        .path("field")
                        .asText())
                .isEqualTo("currentPassword");
        JsonNode climb = thief.push(List.of(
                        Mutations.upsert("employees", max)
                                .field("role", "admin")
                                .actor(owner),
                        Mutations.upsert("employees", max).field("role", "admin")))
                .body()
                .get("results");
        for (JsonNode result : climb) {
            assertThat(result.path("code").asText()).as("%s", result).isEqualTo("forbidden");
        }

        List<Integer> answers = new ArrayList<>();
        for (int guess = 0; guess < MOST_GUESSES && !answers.contains(401); guess++) {
            JsonHttp.Response answer = setPassword(thief, max, "guess-" + guess + "-of-the-password");
            answers.add(answer.status());
            if (answer.status() == 403) {
                assertProblem(answer, 403, "reauthentication_required");
            } else {
                assertProblem(answer, 401, "session_revoked");
            }
        }
        assertThat(answers)
                .as("wrong current passwords are refused, and the last guess signs the tablet out")
                .startsWith(403, 403)
                .endsWith(401);
        // signed out means signed out: even the right password needs a new sign-in now
        assertProblem(setPassword(thief, max, TestServer.PASSWORD), 401, "session_revoked");
        assertProblem(refresh(server, thief.refreshToken()), 401, "session_revoked");
        // and the guesses locked nobody's e-mail: the real Max still signs in
        assertThat(server.login(theft.max().email(), TestServer.PASSWORD, "Max's new tablet")
                        .accessToken())
                .isNotBlank();

        // the owner still signs in, keeps the shop, and removes the tablet
        Device ownerPhone = server.login(theft.shop().adminEmail(), TestServer.PASSWORD, "owner's phone");
        assertThat(ownerPhone
                        .pullAll(0)
                        .record("employees", theft.max().id())
                        .path("role")
                        .asText())
                .isEqualTo("manager");
        assertThat(listed(server, ownerPhone, thief.deviceId())
                        .path("signedInBy")
                        .asText())
                .isEqualTo(theft.max().id());
        JsonHttp.Response removed = revoke(server, ownerPhone, thief.deviceId());
        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
        assertThat(removed.body().path("revokedBy").asText()).isEqualTo(owner);
        assertProblem(thief.push(List.of(customer())), 401, "device_revoked");
    }

    @Test
    void afterTheRemovalEveryRequestRefreshAndSocketOfTheTabletIsRefused() {
        Theft theft = theft();
        Device thief = theft.tablet();
        try (WsProbe thiefSocket = socket(server, thief)) {
            JsonHttp.Response removed = revoke(server, theft.ownerDesk(), thief.deviceId());
            assertThat(removed.status()).as("%s", removed).isEqualTo(200);

            assertThat(thiefSocket.awaitClose(AT_ONCE)).isEqualTo(1008);
        }
        String removedBy = "removed from the shop by Owner One";
        assertThat(assertProblem(thief.push(List.of(customer())), 401, "device_revoked")
                        .path("detail")
                        .asText())
                .contains(removedBy);
        assertThat(assertProblem(thief.pull("cursor=0"), 401, "device_revoked")
                        .path("detail")
                        .asText())
                .contains(removedBy);
        assertThat(assertSocketRefused(server, thief.accessToken(), 401, "device_revoked")
                        .path("detail")
                        .asText())
                .contains(removedBy);
        assertThat(assertProblem(refresh(server, thief.refreshToken()), 401, "device_revoked")
                        .path("detail")
                        .asText())
                .contains(removedBy);
        JsonNode listed = listed(server, theft.ownerDesk(), thief.deviceId());
        assertThat(listed.path("revokedAt").isNull()).as("%s", listed).isFalse();
        assertThat(listed.path("revokedBy").asText()).isEqualTo(theft.shop().adminId());
    }

    @Test
    void aRemovedDevicesIdIsNeverSignedInAgain() {
        Theft theft = theft();
        String tablet = theft.tablet().deviceId();
        assertThat(revoke(server, theft.ownerDesk(), tablet).status()).isEqualTo(200);

        for (String email : List.of(theft.max().email(), theft.shop().adminEmail())) {
            JsonHttp.Response login = loginNaming(server, email, tablet);
            assertThat(login.status()).as("%s", login).isEqualTo(200);
            assertThat(login.body().path("deviceId").asText())
                    .as("%s signing in naming the removed tablet", email)
                    .isNotEqualTo(tablet);
            assertThat(server.http()
                            .get(
                                    "/v1/sync/pull?cursor=0",
                                    login.body().path("accessToken").asText())
                            .status())
                    .isEqualTo(200);
        }
        assertProblem(theft.tablet().pull("cursor=0"), 401, "device_revoked");
    }

    @Test
    void aColleagueNamingAnotherEmployeesDeviceGetsANewOneWhileItsSignerGetsItBack() {
        Theft theft = theft();
        String tablet = theft.tablet().deviceId();
        Shop.Employee tess = theft.shop().createEmployee(theft.ownerDesk(), "technician", "Tess");

        JsonHttp.Response takeover = loginNaming(server, tess.email(), tablet);
        assertThat(takeover.status()).as("%s", takeover).isEqualTo(200);
        assertThat(takeover.body().path("deviceId").asText()).isNotEqualTo(tablet);
        assertThat(listed(server, theft.ownerDesk(), tablet).path("signedInBy").asText())
                .isEqualTo(theft.max().id());

        JsonHttp.Response resumed = loginNaming(server, theft.max().email(), tablet);
        assertThat(resumed.status()).as("%s", resumed).isEqualTo(200);
        assertThat(resumed.body().path("deviceId").asText()).isEqualTo(tablet);
    }

    private static JsonHttp.Response setPassword(Device caller, String employeeId, String currentPassword) {
        Map<String, String> body = currentPassword == null
                ? Map.of("password", "the thief's new password")
                : Map.of("password", "the thief's new password", "currentPassword", currentPassword);
        return server.http().put("/v1/employees/" + employeeId + "/password", body, caller.accessToken());
    }

    private static Mutations customer() {
        return Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Fence");
    }
}
