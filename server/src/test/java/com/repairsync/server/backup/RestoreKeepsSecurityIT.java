package com.repairsync.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore never undoes security: what was done to sign-ins after the backup holds after the
 * restore (a revoked tablet stays revoked, a changed password stays changed, a deactivated
 * employee stays out, a device that signed in since the backup still works).
 */
class RestoreKeepsSecurityIT {
    private static final String NEW_PASSWORD = "a new password after the backup";

    @TempDir
    Path folder;

    @Test
    void signInsChangedAfterTheBackupCarryForward() {
        assumeFalse(TestServer.isPostgres(), "SQLite restores");
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = shop.employeeDevice(desk, "technician", "Tess");
        Shop.Employee max = shop.createEmployee(desk, "technician", "Max");
        Shop.Employee leaver = shop.createEmployee(desk, "technician", "Lee");
        Path backup = folder.resolve("before.db");
        SqliteBackup.backup(server.dataDir(), backup, SqliteBackup.Progress.NONE);

        assertThat(revoke(server, desk, tablet).status()).isEqualTo(200);
        JsonHttp.Response changed = server.http()
                .put("/v1/employees/" + max.id() + "/password", Map.of("password", NEW_PASSWORD), desk.accessToken());
        assertThat(changed.status()).as("%s", changed).isEqualTo(204);
        desk.pushOk(List.of(Mutations.upsert("employees", leaver.id()).field("active", false)));
        Device phone = shop.adminDevice("phone signed in after the backup");
        server.stop();

        SqliteRestore.Result result = SqliteRestore.restore(server.dataDir(), backup, Clock.systemUTC());
        assertThat(result.employees())
                .as("the deactivated employee's newer row")
                .isPositive();

        try (TestServer restored = server.restart()) {
            assertProblem(tablet.on(restored).pull("cursor=0"), 401, "device_revoked");
            assertThat(login(restored, max.email(), TestServer.PASSWORD).status())
                    .as("the password from before the change")
                    .isEqualTo(401);
            assertThat(login(restored, max.email(), NEW_PASSWORD).status()).isEqualTo(200);
            assertThat(login(restored, leaver.email(), TestServer.PASSWORD).status())
                    .as("a deactivated employee")
                    .isNotEqualTo(200);
            assertThat(phone.on(restored).pull("cursor=0").status()).isEqualTo(200);
            JsonHttp.Response refreshed =
                    restored.http().post("/v1/auth/refresh", Map.of("refreshToken", phone.refreshToken()), null);
            assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        }
    }

    private static JsonHttp.Response revoke(TestServer server, Device caller, Device device) {
        return server.http().post("/v1/devices/" + device.deviceId() + "/revoke", Map.of(), caller.accessToken());
    }

    private static JsonHttp.Response login(TestServer server, String email, String password) {
        return server.http()
                .post("/v1/auth/login", Map.of("email", email, "password", password, "deviceName", "check"), null);
    }

    private static void assertProblem(JsonHttp.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.body().path("code").asText()).as("%s", response).isEqualTo(code);
    }
}
