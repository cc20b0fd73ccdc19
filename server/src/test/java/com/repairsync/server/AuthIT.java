package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Mutations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shops, logins, throttling, token refresh and passwords over real HTTP on a real SQLite file.
 *
 * <p>Tests that move time or count failed logins per address get a server of their own (the
 * throttle keys on the client address, and every test talks from 127.0.0.1); the rest share one
 * server whose per-address limit is raised so that they cannot throttle each other.
 */
class AuthIT {
    private static final String PASSWORD = TestServer.PASSWORD;
    private static final String NEW_PASSWORD = "a brand new passphrase";
    /** Marks a member that a request body leaves out. */
    private static final Object ABSENT = new Object();

    @RegisterExtension
    static final TestServer server =
            TestServer.start(Clock.systemUTC(), Map.of("--login-failures-per-address", "100000"));

    // ---------------------------------------------------------------- helpers

    private static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@auth.test";
    }

    private static Map<String, Object> shopBody(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("shopName", "Fix-It Corner");
        body.put("email", email);
        body.put("password", PASSWORD);
        body.put("firstName", "Olga");
        body.put("lastName", "Owner");
        return body;
    }

    private static JsonHttp.Response createShop(TestServer on, Map<String, Object> body) {
        return on.http().post("/v1/shops", body, null);
    }

    private static JsonHttp.Response login(TestServer on, String email, String password) {
        return on.http()
                .post("/v1/auth/login", Map.of("email", email, "password", password, "deviceName", "bench"), null);
    }

    private static JsonHttp.Response refresh(TestServer on, String refreshToken) {
        return on.http().post("/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
    }

    private static JsonHttp.Response pull(TestServer on, String accessToken) {
        return on.http().get("/v1/sync/pull?cursor=0&limit=10", accessToken);
    }

    private static JsonHttp.Response setPassword(String employeeId, String password, String accessToken) {
        return server.http()
                .put("/v1/employees/" + employeeId + "/password", Map.of("password", password), accessToken);
    }

    /** Sets a password confirming the caller's own current one, as changing your own needs. */
    private static JsonHttp.Response changePassword(
            String employeeId, String password, String currentPassword, String accessToken) {
        return server.http()
                .put(
                        "/v1/employees/" + employeeId + "/password",
                        Map.of("password", password, "currentPassword", currentPassword),
                        accessToken);
    }

    /** Asserts an RFC 9457 problem with the given status (and offending field, when not null). */
    static JsonNode assertProblem(JsonHttp.Response response, int status, String field) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("content type of %s", response).startsWith("application/problem+json");
        JsonNode body = response.body();
        assertThat(body.path("type").asText()).as("type of %s", response).isNotBlank();
        assertThat(body.path("title").asText()).as("title of %s", response).isNotBlank();
        assertThat(body.path("status").asInt())
                .as("status member of %s", response)
                .isEqualTo(status);
        assertThat(body.path("detail").asText()).as("detail of %s", response).isNotBlank();
        if (field != null) {
            assertThat(body.path("field").asText()).as("field of %s", response).isEqualTo(field);
        }
        return body;
    }

    /** Creates an employee through sync as the admin; returns its id. */
    private static String pushEmployee(Device admin, String role, String email, boolean active) {
        String id = UUID.randomUUID().toString();
        Mutations employee = Mutations.upsert("employees", id)
                .field("firstName", "Emp " + role)
                .field("role", role)
                .field("active", active);
        if (email != null) {
            employee.field("email", email);
        }
        admin.pushOk(List.of(employee));
        return id;
    }

    /** Creates an employee through sync and gives them {@link #PASSWORD}; returns its id. */
    private static String employeeWithPassword(Device admin, String role, String email) {
        String id = pushEmployee(admin, role, email, true);
        assertThat(setPassword(id, PASSWORD, admin.accessToken()).status()).isEqualTo(204);
        return id;
    }

    private static MutableClock wholeSecondClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    // ---------------------------------------------------------------- POST /v1/shops

    @Test
    void createsAShopWhoseAdminCanSignInAndPullsTheirOwnEmployeeRecord() {
        String email = uniqueEmail("Mixed.Case");
        JsonHttp.Response created = createShop(server, shopBody(email));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String shopId = created.body().path("shopId").asText();
        String employeeId = created.body().path("employeeId").asText();
        assertThat(UUID.fromString(shopId).toString()).isEqualTo(shopId);
        assertThat(UUID.fromString(employeeId).toString()).isEqualTo(employeeId);

        // the e-mail is stored lower-cased and matched case-insensitively at login
        Device admin = server.login(email.toLowerCase(Locale.ROOT), PASSWORD, "front desk");
        assertThat(admin.shopId()).isEqualTo(shopId);
        assertThat(admin.employeeId()).isEqualTo(employeeId);

        Device.Snapshot snapshot = admin.pullAll(0);
        assertThat(snapshot.changes()).hasSize(1);
        JsonNode record = snapshot.record("employees", employeeId);
        assertThat(record)
                .as("admin's own employee record in %s", snapshot.changes())
                .isNotNull();
        assertThat(record.path("role").asText()).isEqualTo("admin");
        assertThat(record.path("email").asText()).isEqualTo(email.toLowerCase(Locale.ROOT));
        assertThat(record.path("firstName").asText()).isEqualTo("Olga");
        assertThat(record.path("lastName").asText()).isEqualTo("Owner");
        assertThat(record.path("active").asBoolean()).isTrue();
    }

    static Stream<Arguments> invalidShops() {
        return Stream.of(
                Arguments.of("missing shopName", "shopName", ABSENT),
                Arguments.of("blank shopName", "shopName", "   "),
                Arguments.of("shopName over 100 characters", "shopName", "s".repeat(101)),
                Arguments.of("shopName a number", "shopName", 42),
                Arguments.of("missing email", "email", ABSENT),
                Arguments.of("email without @", "email", "owner.at.shop.test"),
                Arguments.of("email with a space", "email", "own er@shop.test"),
                Arguments.of("email an object", "email", Map.of("address", "a@b.test")),
                Arguments.of("missing password", "password", ABSENT),
                Arguments.of("password of 7 characters", "password", "1234567"),
                Arguments.of("password of 129 characters", "password", "p".repeat(129)),
                Arguments.of("password a number", "password", 12345678),
                Arguments.of("missing firstName", "firstName", ABSENT),
                Arguments.of("firstName a boolean", "firstName", true),
                Arguments.of("lastName an array", "lastName", List.of("One")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidShops")
    void shopCreationRejectsInvalidInputNamingTheFieldAndStoresNothing(String name, String field, Object value) {
        String email = uniqueEmail("invalid");
        Map<String, Object> body = shopBody(email);
        if (value == ABSENT) {
            body.remove(field);
        } else {
            body.put(field, value);
        }

        JsonHttp.Response response = createShop(server, body);

        assertProblem(response, 400, field);
        if (field.equals("email")) {
            return; // there is no valid e-mail that could have been stored
        }
        assertProblem(login(server, email, PASSWORD), 401, null);
        // the e-mail is still free: nothing was stored for it
        assertThat(createShop(server, shopBody(email)).status()).isEqualTo(201);
    }

    @Test
    void shopCreationAcceptsAPasswordOfExactlyEightCharacters() {
        String email = uniqueEmail("short");
        Map<String, Object> body = shopBody(email);
        body.put("password", "12345678");
        body.remove("lastName");

        assertThat(createShop(server, body).status()).isEqualTo(201);
        assertThat(login(server, email, "12345678").status()).isEqualTo(200);
    }

    @Test
    void aSecondShopWithTheSameEmailIsAConflictOnEmail() {
        String email = uniqueEmail("dup");
        assertThat(createShop(server, shopBody(email)).status()).isEqualTo(201);

        Map<String, Object> again = shopBody(email.toUpperCase(Locale.ROOT));
        again.put("password", NEW_PASSWORD);
        again.put("shopName", "Copycat Repairs");
        assertProblem(createShop(server, again), 409, "email");

        // the first shop's admin is untouched, and the second password signs in nowhere
        JsonHttp.Response first = login(server, email, PASSWORD);
        assertThat(first.status()).isEqualTo(200);
        assertProblem(login(server, email, NEW_PASSWORD), 401, null);
    }

    @Test
    void aShopCannotBeCreatedWithTheEmailOfAnEmployeeWhoSignsIn() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("staff");
        employeeWithPassword(admin, "technician", email);

        assertProblem(createShop(server, shopBody(email)), 409, "email");
        JsonHttp.Response login = login(server, email, PASSWORD);
        assertThat(login.body().path("shopId").asText()).isEqualTo(admin.shopId());
    }

    // ---------------------------------------------------------------- POST /v1/auth/login

    @Test
    void loginReturnsEveryFieldAndAWorkingAccessToken() {
        String email = uniqueEmail("login");
        JsonNode created = createShop(server, shopBody(email)).body();

        JsonHttp.Response response = login(server, email, PASSWORD);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("accessToken").asText()).isNotBlank();
        assertThat(body.path("refreshToken").asText()).isNotBlank();
        assertThat(body.path("expiresIn").isIntegralNumber()).isTrue();
        assertThat(body.path("expiresIn").asLong())
                .isPositive()
                .isEqualTo(Duration.ofMinutes(15).toSeconds());
        assertThat(body.path("shopId").asText())
                .isEqualTo(created.path("shopId").asText());
        assertThat(body.path("employeeId").asText())
                .isEqualTo(created.path("employeeId").asText());
        assertThat(body.path("role").asText()).isEqualTo("admin");
        String deviceId = body.path("deviceId").asText();
        assertThat(UUID.fromString(deviceId).toString()).isEqualTo(deviceId);

        assertThat(pull(server, body.path("accessToken").asText()).status()).isEqualTo(200);
    }

    @Test
    void loginWithAKnownDeviceIdKeepsThatDevice() {
        Shop shop = server.createShop();
        Device first = shop.adminDevice("counter");

        JsonHttp.Response again = server.http()
                .post(
                        "/v1/auth/login",
                        Map.of(
                                "email",
                                shop.adminEmail(),
                                "password",
                                PASSWORD,
                                "deviceName",
                                "counter (renamed)",
                                "deviceId",
                                first.deviceId()),
                        null);
        JsonHttp.Response upperCase = server.http()
                .post(
                        "/v1/auth/login",
                        Map.of(
                                "email",
                                shop.adminEmail(),
                                "password",
                                PASSWORD,
                                "deviceName",
                                "counter",
                                "deviceId",
                                first.deviceId().toUpperCase(Locale.ROOT)),
                        null);
        JsonHttp.Response fresh = login(server, shop.adminEmail(), PASSWORD);

        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.body().path("deviceId").asText()).isEqualTo(first.deviceId());
        assertThat(upperCase.body().path("deviceId").asText()).isEqualTo(first.deviceId());
        assertThat(fresh.body().path("deviceId").asText()).isNotEqualTo(first.deviceId());
    }

    @Test
    void loginNeverAdoptsAnUnknownOrAnotherShopsDeviceId() {
        Shop mine = server.createShop();
        Device theirs = server.createShop().adminDevice("their tablet");
        String unknown = UUID.randomUUID().toString();

        JsonHttp.Response withTheirs = server.http()
                .post(
                        "/v1/auth/login",
                        Map.of(
                                "email",
                                mine.adminEmail(),
                                "password",
                                PASSWORD,
                                "deviceName",
                                "x",
                                "deviceId",
                                theirs.deviceId()),
                        null);
        JsonHttp.Response withUnknown = server.http()
                .post(
                        "/v1/auth/login",
                        Map.of(
                                "email",
                                mine.adminEmail(),
                                "password",
                                PASSWORD,
                                "deviceName",
                                "x",
                                "deviceId",
                                unknown),
                        null);

        assertThat(withTheirs.status()).isEqualTo(200);
        assertThat(withTheirs.body().path("deviceId").asText()).isNotEqualTo(theirs.deviceId());
        assertThat(withUnknown.status()).isEqualTo(200);
        assertThat(withUnknown.body().path("deviceId").asText()).isNotEqualTo(unknown);
    }

    @Test
    void loginRejectsInvalidRequestsNamingTheField() {
        Shop shop = server.createShop();
        assertProblem(
                server.http().post("/v1/auth/login", Map.of("email", shop.adminEmail(), "password", PASSWORD), null),
                400,
                "deviceName");
        assertProblem(
                server.http()
                        .post(
                                "/v1/auth/login",
                                Map.of(
                                        "email",
                                        shop.adminEmail(),
                                        "password",
                                        PASSWORD,
                                        "deviceName",
                                        "x",
                                        "deviceId",
                                        "not-a-uuid"),
                                null),
                400,
                "deviceId");
        assertProblem(
                server.http().post("/v1/auth/login", Map.of("password", PASSWORD, "deviceName", "x"), null),
                400,
                "email");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        Shop shop = server.createShop();

        JsonHttp.Response wrongPassword = login(server, shop.adminEmail(), "not the password");
        JsonHttp.Response unknownEmail = login(server, uniqueEmail("nobody"), PASSWORD);

        JsonNode wrong = assertProblem(wrongPassword, 401, null);
        JsonNode unknown = assertProblem(unknownEmail, 401, null);
        assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(unknown.path("detail").asText())
                .isEqualTo(wrong.path("detail").asText());
        assertThat(unknown.path("type").asText()).isEqualTo(wrong.path("type").asText());
        assertThat(wrong.has("field")).isFalse();
        assertThat(unknown.has("field")).isFalse();
    }

    // ---------------------------------------------------------------- throttling

    @Test
    void anAccountIsThrottledAfterFiveFailuresUntilTheWindowHasPassed() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            Shop neighbour = own.createShop();
            for (int i = 0; i < 5; i++) {
                assertProblem(login(own, shop.adminEmail(), "wrong password " + i), 401, null);
            }

            JsonHttp.Response refused = login(own, shop.adminEmail(), PASSWORD);
            JsonNode problem = assertProblem(refused, 429, null);
            assertThat(problem.path("code").asText()).isEqualTo("rate_limited");
            assertThat(refused.header("Retry-After")).isEqualTo("900");
            // the account is the lower-cased e-mail: changing its case does not get around the limit
            assertProblem(login(own, shop.adminEmail().toUpperCase(Locale.ROOT), PASSWORD), 429, null);
            // other accounts from the same address are not affected (5 failures < 20 per address)
            assertThat(login(own, neighbour.adminEmail(), PASSWORD).status()).isEqualTo(200);

            clock.advance(Duration.ofMinutes(10));
            JsonHttp.Response stillRefused = login(own, shop.adminEmail(), "yet another guess");
            assertProblem(stillRefused, 429, null);
            assertThat(stillRefused.header("Retry-After")).isEqualTo("300");
            assertProblem(login(own, shop.adminEmail(), PASSWORD), 429, null);

            // attempts refused while throttled do not extend the window
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            JsonHttp.Response allowed = login(own, shop.adminEmail(), PASSWORD);
            assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
        }
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 4; i++) {
                    assertProblem(login(own, shop.adminEmail(), "wrong " + round + i), 401, null);
                }
                assertThat(login(own, shop.adminEmail(), PASSWORD).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void anAddressIsThrottledAfterTwentyFailuresAcrossDifferentEmails() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            for (int i = 0; i < 20; i++) {
                // one failure per account, so only the per-address limit can trip
                assertProblem(login(own, uniqueEmail("guess" + i), "guessed password"), 401, null);
            }

            JsonHttp.Response refused = login(own, shop.adminEmail(), PASSWORD);
            assertProblem(refused, 429, null);
            assertThat(refused.header("Retry-After")).isEqualTo("900");
            assertProblem(login(own, uniqueEmail("another"), "guessed password"), 429, null);

            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            assertThat(login(own, shop.adminEmail(), PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void aSuccessfulLoginDoesNotResetTheAddressCount() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            for (int i = 0; i < 19; i++) {
                assertProblem(login(own, uniqueEmail("guess" + i), "guessed password"), 401, null);
            }
            assertThat(login(own, shop.adminEmail(), PASSWORD).status()).isEqualTo(200);
            assertProblem(login(own, uniqueEmail("last"), "guessed password"), 401, null);

            JsonHttp.Response refused = login(own, shop.adminEmail(), PASSWORD);
            assertProblem(refused, 429, null);
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
    }

    // ---------------------------------------------------------------- POST /v1/auth/refresh

    @Test
    void refreshRotatesBothTokensAndTheOldAccessTokenLivesUntilItExpires() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            Device device = shop.adminDevice("tablet");

            clock.advance(Duration.ofMinutes(10));
            JsonHttp.Response rotated = refresh(own, device.refreshToken());

            assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
            JsonNode body = rotated.body();
            String access = body.path("accessToken").asText();
            String refreshToken = body.path("refreshToken").asText();
            assertThat(access).isNotBlank().isNotEqualTo(device.accessToken());
            assertThat(refreshToken).isNotBlank().isNotEqualTo(device.refreshToken());
            assertThat(body.path("expiresIn").asLong()).isEqualTo(900);
            assertThat(body.path("shopId").asText()).isEqualTo(shop.shopId());
            assertThat(body.path("employeeId").asText()).isEqualTo(shop.adminId());
            assertThat(body.path("deviceId").asText()).isEqualTo(device.deviceId());
            assertThat(body.path("role").asText()).isEqualTo("admin");

            assertThat(pull(own, access).status()).isEqualTo(200);
            assertThat(pull(own, device.accessToken()).status()).isEqualTo(200);

            // 16 minutes after login: the first access token has expired, the rotated one has not
            clock.advance(Duration.ofMinutes(6));
            assertProblem(pull(own, device.accessToken()), 401, null);
            assertThat(pull(own, access).status()).isEqualTo(200);

            // the new refresh token rotates in turn
            JsonHttp.Response again = refresh(own, refreshToken);
            assertThat(again.status()).as("%s", again).isEqualTo(200);
            assertThat(pull(own, again.body().path("accessToken").asText()).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamilyButNotOtherLogins() {
        Shop shop = server.createShop();
        Device device = shop.adminDevice("tablet");
        Device otherLogin = shop.adminDevice("laptop");

        JsonHttp.Response first = refresh(server, device.refreshToken());
        assertThat(first.status()).isEqualTo(200);
        String second = first.body().path("refreshToken").asText();
        String third = refresh(server, second).body().path("refreshToken").asText();

        // the spent token comes back after its successor was used: one of the presenters stole it
        JsonHttp.Response reuse = refresh(server, device.refreshToken());
        assertProblem(reuse, 401, null);
        assertThat(reuse.header("WWW-Authenticate")).isEqualTo("Bearer");

        // the newest token of the same login was revoked by the reuse
        assertProblem(refresh(server, third), 401, null);
        // a separate login is a separate family
        assertThat(refresh(server, otherLogin.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void aDeviceThatLostTheRefreshAnswerMayPresentTheSpentTokenOnceMore() {
        Device device = server.createShop().adminDevice("tablet");
        String lostSuccessor = refresh(server, device.refreshToken())
                .body()
                .path("refreshToken")
                .asText();

        JsonHttp.Response retried = refresh(server, device.refreshToken());
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        String replacement = retried.body().path("refreshToken").asText();

        assertThat(refresh(server, replacement).status()).isEqualTo(200);
    }

    @Test
    void aSpentTokenComesBackOnlyOnceWithinTheGrace() {
        Device device = server.createShop().adminDevice("tablet");
        assertThat(refresh(server, device.refreshToken()).status()).isEqualTo(200);
        JsonHttp.Response replayed = refresh(server, device.refreshToken());
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);

        // a thief replaying the stolen token again is refused, and the whole login ends with it
        assertProblem(refresh(server, device.refreshToken()), 401, null);
        assertProblem(refresh(server, replayed.body().path("refreshToken").asText()), 401, null);
    }

    @Test
    void aSuccessorReplacedByTheGraceThatComesBackEndsTheWholeLogin() {
        Device device = server.createShop().adminDevice("tablet");
        // the real device rotates and keeps its successor; a thief replays the copied token
        String realSuccessor = refresh(server, device.refreshToken())
                .body()
                .path("refreshToken")
                .asText();
        JsonHttp.Response thief = refresh(server, device.refreshToken());
        assertThat(thief.status()).as("%s", thief).isEqualTo(200);

        // the real device uses its successor: two parties hold the login, so it ends for both
        assertProblem(refresh(server, realSuccessor), 401, null);
        assertProblem(refresh(server, thief.body().path("refreshToken").asText()), 401, null);
        assertProblem(pull(server, thief.body().path("accessToken").asText()), 401, null);
    }

    @Test
    void theGraceForALostRefreshAnswerEnds() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Device device = own.createShop().adminDevice("tablet");
            assertThat(refresh(own, device.refreshToken()).status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(6));
            assertProblem(refresh(own, device.refreshToken()), 401, null);
        }
    }

    @Test
    void reusingAnOlderTokenOfTheChainRevokesTheNewestToo() {
        Device device = server.createShop().adminDevice("tablet");
        String r1 = device.refreshToken();
        String r2 = refresh(server, r1).body().path("refreshToken").asText();
        String r3 = refresh(server, r2).body().path("refreshToken").asText();
        String r4 = refresh(server, r3).body().path("refreshToken").asText();
        assertThat(r4).isNotBlank();

        assertProblem(refresh(server, r2), 401, null);
        assertProblem(refresh(server, r4), 401, null);
        assertProblem(refresh(server, r1), 401, null);
    }

    @Test
    void refreshTokensExpireAfterThirtyDays() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            Device early = shop.adminDevice("one");
            Device late = shop.adminDevice("two");

            clock.advance(Duration.ofDays(30).minusSeconds(1));
            JsonHttp.Response justInTime = refresh(own, early.refreshToken());
            assertThat(justInTime.status()).as("%s", justInTime).isEqualTo(200);

            clock.advance(Duration.ofSeconds(2));
            JsonHttp.Response expired = refresh(own, late.refreshToken());
            assertProblem(expired, 401, null);
            assertThat(expired.header("WWW-Authenticate")).isEqualTo("Bearer");
            // the token issued two seconds ago is fresh
            assertThat(refresh(own, justInTime.body().path("refreshToken").asText())
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void refreshRejectsUnknownAndMissingTokens() {
        assertProblem(refresh(server, "no-such-token"), 401, null);
        assertProblem(server.http().post("/v1/auth/refresh", Map.of(), null), 400, "refreshToken");
        assertProblem(server.http().post("/v1/auth/refresh", Map.of("refreshToken", 7), null), 400, "refreshToken");
    }

    // ---------------------------------------------------------------- POST /v1/auth/logout

    @Test
    void logoutRevokesTheLoginsRefreshTokensButNotOtherLogins() {
        Shop shop = server.createShop();
        Device device = shop.adminDevice("tablet");
        Device otherLogin = shop.adminDevice("laptop");
        JsonHttp.Response rotated = refresh(server, device.refreshToken());
        String current = rotated.body().path("refreshToken").asText();

        JsonHttp.Response out = server.http().post("/v1/auth/logout", Map.of("refreshToken", current), null);

        assertThat(out.status()).as("%s", out).isEqualTo(204);
        assertProblem(refresh(server, current), 401, null);
        assertThat(refresh(server, otherLogin.refreshToken()).status()).isEqualTo(200);
        JsonHttp.Response again = server.http().post("/v1/auth/logout", Map.of("refreshToken", current), null);
        assertThat(again.status()).as("logging out twice is harmless").isEqualTo(204);
        assertThat(server.http()
                        .post("/v1/auth/logout", Map.of("refreshToken", "no-such-token"), null)
                        .status())
                .isEqualTo(204);
        assertProblem(server.http().post("/v1/auth/logout", Map.of(), null), 400, "refreshToken");
    }

    // ---------------------------------------------------------------- access tokens

    @Test
    void accessTokensExpireAfterFifteenMinutes() {
        MutableClock clock = wholeSecondClock();
        try (TestServer own = TestServer.start(clock)) {
            Device device = own.createShop().adminDevice("tablet");

            clock.advance(Duration.ofMinutes(15).minusSeconds(1));
            assertThat(pull(own, device.accessToken()).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(2));
            JsonHttp.Response expired = pull(own, device.accessToken());
            assertProblem(expired, 401, null);
            assertThat(expired.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void garbageOrMissingAccessTokensAre401() {
        Device device = server.createShop().adminDevice("tablet");
        String token = device.accessToken();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        String foreign;
        try (TestServer other = TestServer.start()) {
            foreign = other.createShop().adminDevice("elsewhere").accessToken();
        }

        for (String bad : List.of("garbage", "a.b.c", tampered, foreign, device.refreshToken())) {
            JsonHttp.Response response = pull(server, bad);
            assertProblem(response, 401, null);
            assertThat(response.header("WWW-Authenticate"))
                    .as("for token %s", bad)
                    .isEqualTo("Bearer");
        }
        assertProblem(pull(server, null), 401, null);
        JsonHttp.Response basic = server.http()
                .send(server.http()
                        .request("/v1/sync/pull", null)
                        .header("Authorization", "Basic " + token)
                        .GET()
                        .build());
        assertProblem(basic, 401, null);
        // the real token still works
        assertThat(pull(server, token).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- PUT /v1/employees/{id}/password

    @Test
    void anAdminGivesASyncCreatedEmployeeAPasswordAndTheyCanSignIn() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("tech");
        String techId = pushEmployee(admin, "technician", email, true);
        assertProblem(login(server, email, PASSWORD), 401, null);

        JsonHttp.Response set = setPassword(techId, PASSWORD, admin.accessToken());
        assertThat(set.status()).as("%s", set).isEqualTo(204);
        assertThat(set.raw().body()).isEmpty();

        JsonHttp.Response login = login(server, email, PASSWORD);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.body().path("employeeId").asText()).isEqualTo(techId);
        assertThat(login.body().path("shopId").asText()).isEqualTo(admin.shopId());
        assertThat(login.body().path("role").asText()).isEqualTo("technician");
    }

    @Test
    void theShopFixtureEmployeeDeviceSignsInWithItsRole() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("office");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        assertThat(tech.shopId()).isEqualTo(shop.shopId());
        assertThat(tech.employeeId()).isNotEqualTo(shop.adminId());
        assertThat(pull(server, tech.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void aTechnicianMayNotSetAnotherEmployeesPassword() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("office");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        String colleagueEmail = uniqueEmail("desk");
        String colleague = employeeWithPassword(admin, "front_desk", colleagueEmail);

        assertProblem(setPassword(colleague, NEW_PASSWORD, tech.accessToken()), 403, null);
        assertProblem(setPassword(shop.adminId(), NEW_PASSWORD, tech.accessToken()), 403, null);

        assertProblem(login(server, colleagueEmail, NEW_PASSWORD), 401, null);
        assertThat(login(server, colleagueEmail, PASSWORD).status()).isEqualTo(200);
        assertThat(login(server, shop.adminEmail(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aPasswordCannotMakeAnEmailThatSignsInElsewhereASecondSignIn() {
        Shop first = server.createShop();
        Device otherAdmin = server.createShop().adminDevice("office");
        String sameEmail = pushEmployee(otherAdmin, "technician", first.adminEmail(), true);

        JsonNode problem = assertProblem(setPassword(sameEmail, PASSWORD, otherAdmin.accessToken()), 409, "email");

        assertThat(problem.path("detail").asText()).contains("already signs in");
        assertThat(login(server, first.adminEmail(), TestServer.PASSWORD)
                        .body()
                        .path("shopId")
                        .asText())
                .isEqualTo(first.shopId());
        String email = uniqueEmail("own");
        String own = pushEmployee(otherAdmin, "technician", email, true);
        assertThat(setPassword(own, PASSWORD, otherAdmin.accessToken()).status())
                .isEqualTo(204);
        assertThat(setPassword(own, NEW_PASSWORD, otherAdmin.accessToken()).status())
                .as("setting it again keeps the claim")
                .isEqualTo(204);
    }

    @Test
    void anEmployeeMaySetTheirOwnPassword() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("tech");
        String techId = employeeWithPassword(admin, "technician", email);
        String token = login(server, email, PASSWORD).body().path("accessToken").asText();

        assertProblem(setPassword(techId, NEW_PASSWORD, token), 403, "currentPassword");
        assertProblem(changePassword(techId, NEW_PASSWORD, "not-the-password", token), 403, "currentPassword");
        JsonHttp.Response changed = changePassword(techId, NEW_PASSWORD, PASSWORD, token);
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.body().path("employeeId").asText()).isEqualTo(techId);

        assertThat(login(server, email, NEW_PASSWORD).status()).isEqualTo(200);
        assertProblem(login(server, email, PASSWORD), 401, null);
    }

    @Test
    void aNewPasswordEndsTheEmployeesOtherSessionsButNotTheOneThatSetIt() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("tech");
        String techId = employeeWithPassword(admin, "technician", email);
        JsonNode tablet = login(server, email, PASSWORD).body();
        JsonNode phone = login(server, email, PASSWORD).body();

        JsonHttp.Response changed = changePassword(
                techId, NEW_PASSWORD, PASSWORD, tablet.path("accessToken").asText());
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);

        // every earlier sign-in ends at once, access tokens too; the tablet goes on with the new session
        assertProblem(refresh(server, phone.path("refreshToken").asText()), 401, null);
        assertProblem(pull(server, phone.path("accessToken").asText()), 401, null);
        assertProblem(pull(server, tablet.path("accessToken").asText()), 401, null);
        assertThat(pull(server, changed.body().path("accessToken").asText()).status())
                .isEqualTo(200);
        assertThat(refresh(server, changed.body().path("refreshToken").asText()).status())
                .isEqualTo(200);

        JsonNode again = login(server, email, NEW_PASSWORD).body();
        assertThat(setPassword(techId, PASSWORD, admin.accessToken()).status()).isEqualTo(204);
        assertProblem(refresh(server, again.path("refreshToken").asText()), 401, null);
    }

    @Test
    void aShortWrongPasswordAtLoginIsAWrongPasswordNotABadRequest() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("tech");
        employeeWithPassword(admin, "technician", email);
        assertProblem(login(server, email, "1234"), 401, null);
    }

    @Test
    void aWrongMethodOnAKnownRouteIs405() {
        JsonHttp.Response response = server.http().get("/v1/auth/login", null);
        JsonNode problem = assertProblem(response, 405, null);
        assertThat(problem.path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aManagerSetsATechniciansPasswordButNotAnAdmins() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("office");
        Device manager = shop.employeeDevice(admin, "manager", "Mona");
        String techEmail = uniqueEmail("tech");
        String tech = employeeWithPassword(admin, "technician", techEmail);

        assertProblem(setPassword(shop.adminId(), NEW_PASSWORD, manager.accessToken()), 403, null);
        assertThat(setPassword(tech, NEW_PASSWORD, manager.accessToken()).status())
                .isEqualTo(204);

        assertThat(login(server, shop.adminEmail(), PASSWORD).status()).isEqualTo(200);
        assertProblem(login(server, shop.adminEmail(), NEW_PASSWORD), 401, null);
        assertThat(login(server, techEmail, NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anUnknownEmployeeIs404() {
        Device admin = server.createShop().adminDevice("office");

        JsonNode problem =
                assertProblem(setPassword(UUID.randomUUID().toString(), PASSWORD, admin.accessToken()), 404, null);

        assertThat(problem.path("code").asText()).isEqualTo("not_found");
        assertProblem(setPassword("not-a-uuid", PASSWORD, admin.accessToken()), 400, "id");
    }

    @Test
    void anUnknownEmployee404SaysSoRatherThanNoRoute() {
        Device admin = server.createShop().adminDevice("office");
        String unknown = UUID.randomUUID().toString();

        JsonNode problem = assertProblem(setPassword(unknown, PASSWORD, admin.accessToken()), 404, null);

        assertThat(problem.path("detail").asText()).doesNotContain("no route").contains(unknown);
    }

    @Test
    void anotherShopsEmployeeIs404AndKeepsTheirPassword() {
        Device admin = server.createShop().adminDevice("office");
        Shop other = server.createShop();
        Device otherAdmin = other.adminDevice("their office");
        String otherTech = employeeWithPassword(otherAdmin, "technician", uniqueEmail("theirs"));

        JsonNode adminProblem =
                assertProblem(setPassword(other.adminId(), NEW_PASSWORD, admin.accessToken()), 404, null);
        JsonNode techProblem = assertProblem(setPassword(otherTech, NEW_PASSWORD, admin.accessToken()), 404, null);
        JsonNode unknownProblem =
                assertProblem(setPassword(UUID.randomUUID().toString(), NEW_PASSWORD, admin.accessToken()), 404, null);

        // the answer is the same as for an id that exists nowhere
        assertThat(adminProblem.path("code").asText())
                .isEqualTo(unknownProblem.path("code").asText());
        assertThat(techProblem.path("title").asText())
                .isEqualTo(unknownProblem.path("title").asText());
        assertThat(login(server, other.adminEmail(), PASSWORD).status()).isEqualTo(200);
        assertProblem(login(server, other.adminEmail(), NEW_PASSWORD), 401, null);
    }

    @Test
    void anEmployeeWithoutEmailIsAConflictOnEmail() {
        Device admin = server.createShop().adminDevice("office");
        String noEmail = pushEmployee(admin, "technician", null, true);

        JsonNode problem = assertProblem(setPassword(noEmail, PASSWORD, admin.accessToken()), 409, "email");
        assertThat(problem.path("code").asText()).isEqualTo("conflict");
    }

    @Test
    void aSyncCreatedEmployeesMixedCaseEmailSignsInCaseInsensitively() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("Tech.Mixed").replace("@auth.test", "@Auth.TEST");
        String tech = employeeWithPassword(admin, "technician", email);

        for (String variant : List.of(email, email.toLowerCase(Locale.ROOT), email.toUpperCase(Locale.ROOT))) {
            JsonHttp.Response login = login(server, variant, PASSWORD);
            assertThat(login.status()).as("login as %s: %s", variant, login).isEqualTo(200);
            assertThat(login.body().path("employeeId").asText()).isEqualTo(tech);
        }
    }

    @Test
    void changingAnEmployeesEmailOrRoleThroughSyncChangesTheirLogin() {
        Device admin = server.createShop().adminDevice("office");
        String oldEmail = uniqueEmail("before");
        String newEmail = uniqueEmail("after");
        String employee = employeeWithPassword(admin, "technician", oldEmail);
        JsonHttp.Response first = login(server, oldEmail, PASSWORD);
        assertThat(first.body().path("role").asText()).isEqualTo("technician");

        admin.pushOk(List.of(
                Mutations.upsert("employees", employee).field("email", newEmail).field("role", "manager")));

        assertProblem(login(server, oldEmail, PASSWORD), 401, null);
        JsonHttp.Response second = login(server, newEmail, PASSWORD);
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        assertThat(second.body().path("employeeId").asText()).isEqualTo(employee);
        assertThat(second.body().path("role").asText()).isEqualTo("manager");
        // a new role ends the sign-ins made under the old one, access tokens included
        assertProblem(refresh(server, first.body().path("refreshToken").asText()), 401, null);
        assertProblem(pull(server, first.body().path("accessToken").asText()), 401, null);
        JsonHttp.Response refreshed =
                refresh(server, second.body().path("refreshToken").asText());
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(refreshed.body().path("role").asText()).isEqualTo("manager");
    }

    @Test
    void aDeletedEmployeeCannotSignInRefreshOrGetAPassword() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("gone");
        String gone = employeeWithPassword(admin, "front_desk", email);
        JsonHttp.Response before = login(server, email, PASSWORD);
        assertThat(before.status()).isEqualTo(200);

        admin.pushOk(List.of(Mutations.delete("employees", gone)));

        assertProblem(login(server, email, PASSWORD), 401, null);
        assertProblem(refresh(server, before.body().path("refreshToken").asText()), 401, null);
        assertProblem(setPassword(gone, NEW_PASSWORD, admin.accessToken()), 404, null);
    }

    @Test
    void passwordRequestsNeedATokenAndAValidPassword() {
        Device admin = server.createShop().adminDevice("office");
        String tech = pushEmployee(admin, "technician", uniqueEmail("tech"), true);

        JsonHttp.Response anonymous = setPassword(tech, PASSWORD, null);
        assertProblem(anonymous, 401, null);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(setPassword(tech, "short", admin.accessToken()), 400, "password");
        assertProblem(
                server.http().put("/v1/employees/" + tech + "/password", Map.of(), admin.accessToken()),
                400,
                "password");
    }

    @Test
    void aDeactivatedEmployeeCannotSignInRefreshOrGetANewPassword() {
        Device admin = server.createShop().adminDevice("office");
        String email = uniqueEmail("leaver");
        String leaver = employeeWithPassword(admin, "technician", email);
        JsonHttp.Response before = login(server, email, PASSWORD);
        assertThat(before.status()).isEqualTo(200);

        admin.pushOk(List.of(Mutations.upsert("employees", leaver).field("active", false)));

        JsonNode problem = assertProblem(login(server, email, PASSWORD), 403, null);
        assertThat(problem.path("code").asText()).isEqualTo("forbidden");
        assertProblem(refresh(server, before.body().path("refreshToken").asText()), 401, null);
        assertProblem(setPassword(leaver, NEW_PASSWORD, admin.accessToken()), 409, null);
        assertProblem(login(server, email, NEW_PASSWORD), 401, null);
    }
}
