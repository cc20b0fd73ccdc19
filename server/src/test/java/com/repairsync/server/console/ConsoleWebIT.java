package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console in a browser, over HTTP: a cookie session (HttpOnly, SameSite=Strict) only for
 * admins and managers, no change without the session's CSRF token, another shop's devices out of
 * reach, strict headers on every page, and a session that ends with the employee's sign-ins.
 */
class ConsoleWebIT {
    @RegisterExtension
    static final TestServer server =
            TestServer.start(java.time.Clock.systemUTC(), Map.of("--login-failures-per-account", "3"));

    @Test
    void aSignedInAdminGetsAnHttpOnlySameSiteSessionAndThePageUnderAStrictPolicy() {
        Shop shop = server.createShop();
        ConsoleBrowser browser = new ConsoleBrowser(server);
        HttpResponse<String> anonymous = browser.get("/console");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(browser.get("/console/api/devices").statusCode()).isEqualTo(401);

        HttpResponse<String> signedIn = browser.signIn(shop.adminEmail(), TestServer.PASSWORD);

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console");
        assertThat(ConsoleBrowser.setCookies(signedIn))
                .filteredOn(cookie -> cookie.startsWith("rs_console="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .contains("HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=28800")
                        .doesNotContain("Secure")); // plain HTTP here; HTTPS adds Secure
        HttpResponse<String> page = browser.get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<section id=\"devices\"");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        for (String asset : List.of("console.js", "console.css", "uplot.js", "uplot.css")) {
            assertThat(browser.get("/console/assets/" + asset).statusCode())
                    .as(asset)
                    .isEqualTo(200);
        }
        assertThat(browser.get("/console/assets/..%2Fopenapi.json").statusCode())
                .isEqualTo(404);
    }

    @Test
    void techniciansAndTheFrontDeskAreRefusedAndWrongPasswordsAreThrottled() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        for (String role : List.of("technician", "front_desk")) {
            Shop.Employee employee = shop.createEmployee(office, role, "Pat " + role);
            ConsoleBrowser browser = new ConsoleBrowser(server);
            HttpResponse<String> refused = browser.signIn(employee.email(), TestServer.PASSWORD);
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(refused.body()).contains("the console is for the shop&#39;s admins and managers");
            assertThat(browser.cookies).doesNotContainKey("rs_console");
        }
        ConsoleBrowser guesser = new ConsoleBrowser(server);
        int status = 0;
        for (int attempt = 0; attempt < 5 && status != 429; attempt++) {
            status = guesser.signIn(shop.adminEmail(), "wrong password " + attempt)
                    .statusCode();
        }
        assertThat(status).as("the login throttle covers the console").isEqualTo(429);
    }

    @Test
    void noChangeWithoutTheSessionsCsrfTokenAndNoSignInWithoutTheFormsToken() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "technician", "Tom");
        ConsoleBrowser browser = new ConsoleBrowser(server).signedIn(shop.adminEmail());
        String revoke = "/console/api/devices/" + tablet.deviceId() + "/revoke";

        for (String token : new String[] {null, "", "forged", browser.csrf + "x"}) {
            HttpResponse<String> refused = browser.post(revoke, token);
            assertThat(refused.statusCode()).as("token %s", token).isEqualTo(403);
            assertThat(ConsoleBrowser.json(refused).path("field").asText()).isEqualTo("X-CSRF-Token");
        }
        assertThat(revokedAt(office, tablet)).as("nothing was revoked").isNull();
        assertThat(browser.post("/console/logout", null).statusCode()).isEqualTo(403);

        HttpResponse<String> revoked = browser.post(revoke, browser.csrf);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revokedAt(office, tablet)).isNotNull();

        ConsoleBrowser forger = new ConsoleBrowser(server);
        HttpResponse<String> forged = forger.postForm(
                "/console/login",
                Map.of("formToken", "made-up", "email", shop.adminEmail(), "password", TestServer.PASSWORD));
        assertThat(forged.statusCode()).as("a form another site posted").isEqualTo(403);
        assertThat(forger.cookies).doesNotContainKey("rs_console");
    }

    @Test
    void anotherShopsDevicesAreNeverListedOrRevokedAndMarkupStaysText() {
        Shop victim = server.createShop();
        Device office = victim.adminDevice("office");
        Device tablet = victim.employeeDevice(office, "technician", "Tom");
        Shop other = server.createShop();
        Device marked = server.login(other.adminEmail(), TestServer.PASSWORD, "<script>alert(1)</script>");
        ConsoleBrowser attacker = new ConsoleBrowser(server).signedIn(other.adminEmail());

        JsonNode devices = ConsoleBrowser.json(attacker.get("/console/api/devices"));
        assertThat(devices.path("devices").toString()).doesNotContain(tablet.deviceId(), office.deviceId());
        assertThat(devices.path("devices").findValuesAsText("name")).contains("<script>alert(1)</script>");
        assertThat(marked.deviceId()).isNotBlank();
        HttpResponse<String> revoke =
                attacker.post("/console/api/devices/" + tablet.deviceId() + "/revoke", attacker.csrf);
        assertThat(revoke.statusCode()).isEqualTo(404);
        HttpResponse<String> signOut =
                attacker.post("/console/api/employees/" + tablet.employeeId() + "/sign-out", attacker.csrf);
        assertThat(signOut.statusCode()).isEqualTo(404);
        assertThat(revokedAt(office, tablet)).isNull();
        assertThat(server.http().get("/v1/devices", tablet.accessToken()).status())
                .as("the victim's tablet is still signed in")
                .isEqualTo(403); // a technician's token, valid, refused only for its role
    }

    @Test
    void aSessionEndsWhenItsEmployeeIsSignedOutEverywhereAndIsNoBearerToken() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee manager = shop.createEmployee(office, "manager", "Mia");
        ConsoleBrowser owner = new ConsoleBrowser(server).signedIn(shop.adminEmail());
        ConsoleBrowser mia = new ConsoleBrowser(server).signedIn(manager.email());
        assertThat(server.http()
                        .get("/v1/devices", mia.cookies.get("rs_console"))
                        .status())
                .as("a console cookie is no bearer token")
                .isEqualTo(401);
        HttpResponse<String> managerSignsOutOwner =
                mia.post("/console/api/employees/" + shop.adminId() + "/sign-out", mia.csrf);
        assertThat(managerSignsOutOwner.statusCode())
                .as("a manager may not sign an admin out")
                .isEqualTo(403);

        HttpResponse<String> signOut = owner.post("/console/api/employees/" + manager.id() + "/sign-out", owner.csrf);

        assertThat(signOut.statusCode()).isEqualTo(204);
        assertThat(mia.get("/console/api/devices").statusCode()).isEqualTo(401);
        assertThat(mia.get("/console").statusCode()).isEqualTo(303);
        assertThat(owner.get("/console/api/devices").statusCode()).isEqualTo(200);
        assertThat(owner.post("/console/logout", owner.csrf).statusCode()).isEqualTo(204);
        assertThat(owner.cookies).doesNotContainKey("rs_console");
        assertThat(owner.get("/console/api/devices").statusCode()).isEqualTo(401);
    }

    private static String revokedAt(Device admin, Device device) {
        JsonHttp.Response list = server.http().get("/v1/devices", admin.accessToken());
        for (JsonNode listed : list.body().path("devices")) {
            if (listed.path("deviceId").asText().equals(device.deviceId())) {
                return listed.path("revokedAt").isNull()
                        ? null
                        : listed.path("revokedAt").asText();
            }
        }
        throw new AssertionError("no device " + device.deviceId());
    }
}
