package com.repairsync.server.security;

import static com.repairsync.server.security.SignInFixtures.AT_ONCE;
import static com.repairsync.server.security.SignInFixtures.assertProblem;
import static com.repairsync.server.security.SignInFixtures.assertSocketRefused;
import static com.repairsync.server.security.SignInFixtures.devices;
import static com.repairsync.server.security.SignInFixtures.listed;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sign-in ends at once: when an employee is deactivated, deleted, given another role or has the
 * password reset by an admin, every socket of theirs is closed (1008) and stops hearing of changes,
 * and every access token of theirs is refused with {@code session_revoked}; when a device logs out,
 * the same holds for that device alone. Admins and managers see the shop's devices and remove them,
 * within their rank; nobody else does. {@code PostgresSignInEndsEverywhereIT} shows an ending
 * reaching another node.
 */
class SignInEndsEverywhereIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    /** How a technician's sign-in ends: by the shop's admin, or by the device logging out. */
    enum Ending {
        DEACTIVATED {
            @Override
            void end(Device admin, Shop.Employee employee, Device device) {
                admin.pushOk(
                        List.of(Mutations.upsert("employees", employee.id()).field("active", false)));
            }
        },
        DELETED {
            @Override
            void end(Device admin, Shop.Employee employee, Device device) {
                admin.pushOk(List.of(Mutations.delete("employees", employee.id())));
            }
        },
        GIVEN_ANOTHER_ROLE {
            @Override
            void end(Device admin, Shop.Employee employee, Device device) {
                admin.pushOk(
                        List.of(Mutations.upsert("employees", employee.id()).field("role", "front_desk")));
            }
        },
        PASSWORD_RESET {
            @Override
            void end(Device admin, Shop.Employee employee, Device device) {
                JsonHttp.Response reset = server.http()
                        .put(
                                "/v1/employees/" + employee.id() + "/password",
                                Map.of("password", "a brand new password"),
                                admin.accessToken());
                assertThat(reset.status()).as("%s", reset).isEqualTo(204);
            }
        },
        LOGGED_OUT {
            @Override
            void end(Device admin, Shop.Employee employee, Device device) {
                JsonHttp.Response logout =
                        server.http().post("/v1/auth/logout", Map.of("refreshToken", device.refreshToken()), null);
                assertThat(logout.status()).as("%s", logout).isEqualTo(204);
            }
        };

        abstract void end(Device admin, Shop.Employee employee, Device device);

        /** Whether every device of the employee is signed out, not only the one that logged out. */
        boolean endsEveryDevice() {
            return this != LOGGED_OUT;
        }
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void anEndedSignInLosesItsSocketsAndTokensAtOnce(Ending ending) {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Shop.Employee tess = shop.createEmployee(owner, "technician", "Tess");
        Device tablet = server.login(tess.email(), TestServer.PASSWORD, "Tess's tablet");
        Device phone = server.login(tess.email(), TestServer.PASSWORD, "Tess's phone");
        Device frontDesk = shop.employeeDevice(owner, "front_desk", "Fay");

        try (WsProbe tabletSocket = socket(server, tablet);
                WsProbe phoneSocket = socket(server, phone);
                WsProbe frontDeskSocket = socket(server, frontDesk)) {
            ending.end(owner, tess, tablet);

            assertThat(tabletSocket.awaitClose(AT_ONCE)).isEqualTo(1008);
            assertProblem(tablet.pull("cursor=0"), 401, "session_revoked");
            assertProblem(tablet.push(List.of(customer())), 401, "session_revoked");
            assertSocketRefused(server, tablet.accessToken(), 401, "session_revoked");
            if (ending.endsEveryDevice()) {
                assertThat(phoneSocket.awaitClose(AT_ONCE)).isEqualTo(1008);
                assertProblem(phone.pull("cursor=0"), 401, "session_revoked");
            } else {
                assertThat(phone.pull("cursor=0").status()).isEqualTo(200);
            }

            long cursor = owner.pushOk(List.of(customer())).get("cursor").asLong();
            frontDeskSocket.await(message -> reaches(message, cursor), GENEROUS);
            if (!ending.endsEveryDevice()) {
                phoneSocket.await(message -> reaches(message, cursor), GENEROUS);
            }
            assertThat(tabletSocket.messages()).noneMatch(message -> reaches(message, cursor));
            assertThat(frontDesk.pull("cursor=0").status()).isEqualTo(200);
        }
    }

    @Test
    void theDeviceListShowsWhoSignedEachDeviceInWhenItWasLastSeenAndWhoRemovedIt() {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Device max = shop.employeeDevice(owner, "manager", "Max");
        Device tablet = shop.employeeDevice(owner, "technician", "Tess");

        JsonNode before = listed(server, max, tablet.deviceId());
        assertThat(before.path("name").asText()).isEqualTo("Tess's tablet");
        assertThat(before.path("signedInBy").asText()).isEqualTo(tablet.employeeId());
        assertThat(before.path("lastSeenAt").isNull()
                        || before.path("lastSeenAt").isMissingNode())
                .as("lastSeenAt of %s", before)
                .isFalse();
        assertThat(before.path("revokedAt").isNull()).as("%s", before).isTrue();
        assertThat(before.path("revokedBy").isNull()).as("%s", before).isTrue();

        JsonHttp.Response first = revoke(server, max, tablet.deviceId());
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.body().path("revokedBy").asText()).isEqualTo(max.employeeId());
        assertThat(first.body().path("revokedAt").isNull()).as("%s", first).isFalse();
        for (Device again : List.of(max, owner)) {
            JsonHttp.Response repeated = revoke(server, again, tablet.deviceId());
            assertThat(repeated.status()).as("%s", repeated).isEqualTo(200);
            assertThat(repeated.body()).as("revoking again answers the same").isEqualTo(first.body());
        }
        JsonNode after = listed(server, owner, tablet.deviceId());
        assertThat(after.path("revokedAt")).isEqualTo(first.body().path("revokedAt"));
        assertThat(after.path("revokedBy").asText()).isEqualTo(max.employeeId());
        assertThat(after.path("signedInBy").asText()).isEqualTo(tablet.employeeId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"technician", "front_desk"})
    void onlyAnAdminOrManagerListsOrRemovesDevices(String role) {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Device colleague = shop.employeeDevice(owner, "technician", "Tom");
        Device caller = shop.employeeDevice(owner, role, "Casey");

        assertProblem(devices(server, caller), 403, "forbidden");
        for (Device target : List.of(owner, colleague, caller)) {
            assertProblem(revoke(server, caller, target.deviceId()), 403, "forbidden");
        }
        for (Device target : List.of(owner, colleague, caller)) {
            assertThat(target.pull("cursor=0").status()).isEqualTo(200);
            assertThat(listed(server, owner, target.deviceId())
                            .path("revokedAt")
                            .isNull())
                    .isTrue();
        }
    }

    @Test
    void aManagerCannotRemoveADeviceAnAdminSignedIn() {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Device max = shop.employeeDevice(owner, "manager", "Max");

        assertProblem(revoke(server, max, owner.deviceId()), 403, "forbidden");

        assertThat(owner.pull("cursor=0").status()).isEqualTo(200);
        assertThat(listed(server, max, owner.deviceId()).path("revokedAt").isNull())
                .isTrue();
    }

    /** Whether a realtime message tells of the shop's changes up to at least this cursor. */
    static boolean reaches(JsonNode message, long cursor) {
        String type = message.path("type").asText();
        return (type.equals("cursor") || type.equals("changes"))
                && message.path("cursor").asLong() >= cursor;
    }

    private static Mutations customer() {
        return Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Walk-in");
    }
}
