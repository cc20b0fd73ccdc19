package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.Hlc;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request-level errors as RFC 9457 problems, request ids, compression and the operational
 * endpoints, over real HTTP on a real SQLite file.
 */
class HttpErrorsIT {
    /** Default settings. */
    @RegisterExtension
    static final TestServer server = TestServer.start();

    /** A 2 KiB body limit and a 3-mutation batch limit. */
    @RegisterExtension
    static final TestServer limited =
            TestServer.start(Clock.systemUTC(), Map.of("--max-body", "2KiB", "--max-batch", "3"));

    /** Asserts an RFC 9457 problem with the given status (and offending field, when not null). */
    private static JsonNode assertProblem(JsonHttp.Response response, int status, String field) {
        return AuthIT.assertProblem(response, status, field);
    }

    private static Map<String, Object> shopBody(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("shopName", "Limits Ltd");
        body.put("email", email);
        body.put("password", TestServer.PASSWORD);
        body.put("firstName", "Lim");
        return body;
    }

    private static String uniqueEmail() {
        return "errors-" + UUID.randomUUID().toString().substring(0, 8) + "@errors.test";
    }

    private static List<Mutations> customers(int count, String notes) {
        List<Mutations> mutations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mutations.add(Mutations.upsert("customers", UUID.randomUUID().toString())
                    .field("firstName", "Customer " + i)
                    .field("notes", notes));
        }
        return mutations;
    }

    // ---------------------------------------------------------------- bodies

    @Test
    void malformedJsonIs400NamingLineAndColumn() {
        String body = "{\n  \"email\": \"a@b.test\",\n  \"password\": oops\n}";

        JsonHttp.Response response = server.http().postRaw("/v1/auth/login", body, "application/json", null);

        JsonNode problem = assertProblem(response, 400, null);
        assertThat(problem.path("detail").asText()).contains("line 3").contains("column");
        assertThat(problem.path("code").asText()).isEqualTo("malformed_request");
    }

    @Test
    void malformedPushBodyIs400AndAppliesNothing() {
        Device admin = server.createShop().adminDevice("desk");
        String body = "{\"deviceId\":\"" + admin.deviceId()
                + "\",\"mutations\":[{\"mutationId\":\"m1\",\"entity\":\"customers\",\"recordId\":\""
                + UUID.randomUUID() + "\",\"op\":\"upsert\",\"fields\":{\"firstName\":\"Half\"";

        assertProblem(server.http().postRaw("/v1/sync/push", body, "application/json", admin.accessToken()), 400, null);

        assertThat(admin.pullAll(0).changes().keySet()).noneMatch(key -> key.startsWith("customers/"));
    }

    @Test
    void trailingGarbageAndEmptyBodiesAre400() {
        Shop shop = server.createShop();
        String login = "{\"email\":\"" + shop.adminEmail() + "\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"deviceName\":\"x\"}";

        assertProblem(server.http().postRaw("/v1/auth/login", login + " {}", "application/json", null), 400, null);
        assertProblem(server.http().postRaw("/v1/auth/login", "", "application/json", null), 400, null);
        // the same body without the garbage is fine
        assertThat(server.http()
                        .postRaw("/v1/auth/login", login, "application/json", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void bodiesThatAreNotObjectsAre400() {
        for (String body : List.of("[{\"email\":\"a@b.test\"}]", "[]", "\"a string\"", "42", "null")) {
            JsonHttp.Response response = server.http().postRaw("/v1/shops", body, "application/json", null);
            JsonNode problem = assertProblem(response, 400, null);
            assertThat(problem.path("detail").asText()).as("for body %s", body).contains("JSON object");
        }
    }

    @Test
    void aNonJsonContentTypeIs415() {
        Shop shop = server.createShop();
        String login = "{\"email\":\"" + shop.adminEmail() + "\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"deviceName\":\"x\"}";

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            JsonNode problem = assertProblem(server.http().postRaw("/v1/auth/login", login, type, null), 415, null);
            assertThat(problem.path("code").asText()).isEqualTo("unsupported_media_type");
            assertThat(problem.path("detail").asText()).contains(type);
        }
        // JSON with a charset parameter is JSON
        assertThat(server.http()
                        .postRaw("/v1/auth/login", login, "application/json; charset=utf-8", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() {
        String email = uniqueEmail();
        Map<String, Object> body = shopBody(email);
        body.put("padding", "x".repeat(3000));

        JsonNode problem = assertProblem(limited.http().post("/v1/shops", body, null), 413, null);

        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).contains("2048");
        assertProblem(
                limited.http()
                        .post(
                                "/v1/auth/login",
                                Map.of("email", email, "password", TestServer.PASSWORD, "deviceName", "x"),
                                null),
                401,
                null);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        Map<String, Object> body = shopBody(uniqueEmail());
        body.put("padding", "x".repeat(3000));
        byte[] bytes = JsonHttp.JSON.writeValueAsBytes(body);
        HttpRequest request = limited.http()
                .request("/v1/shops", null)
                .header("Content-Type", "application/json")
                // an input-stream publisher has no length, so the body goes chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();

        JsonNode problem = assertProblem(limited.http().send(request), 413, null);
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        Map<String, Object> body = shopBody(uniqueEmail());
        body.put("padding", "x".repeat(1800));

        JsonHttp.Response response = limited.http().post("/v1/shops", body, null);

        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    @Test
    void aPushBatchOverTheLimitIs413OnMutationsAndAppliesNothing() {
        Device admin = limited.createShop().adminDevice("desk");

        JsonNode problem = assertProblem(admin.push(customers(4, null)), 413, "mutations");
        assertThat(problem.path("detail").asText()).contains("3");
        assertThat(admin.pullAll(0).changes().keySet()).noneMatch(key -> key.startsWith("customers/"));

        JsonNode atLimit = admin.pushOk(customers(3, null));
        assertThat(atLimit.get("results")).hasSize(3);
    }

    @Test
    void pushWithoutAMutationsArrayIs400OnMutations() {
        Device admin = server.createShop().adminDevice("desk");

        assertProblem(
                server.http().post("/v1/sync/push", Map.of("deviceId", admin.deviceId()), admin.accessToken()),
                400,
                "mutations");
        assertProblem(
                server.http()
                        .post(
                                "/v1/sync/push",
                                Map.of("deviceId", admin.deviceId(), "mutations", Map.of("a", 1)),
                                admin.accessToken()),
                400,
                "mutations");
        assertProblem(
                server.http()
                        .post(
                                "/v1/sync/push",
                                Map.of(
                                        "deviceId",
                                        admin.deviceId(),
                                        "mutations",
                                        List.of(Map.of("entity", "customers"))),
                                admin.accessToken()),
                400,
                "mutations[0].mutationId");
    }

    /** The JSON escape of a lone high surrogate: valid JSON, but not a character. */
    private static final String LONE = "\\ud800";

    /**
     * A UTF-16 surrogate that is not half of a pair cannot be encoded in UTF-8: stored, it became
     * {@code ?}, so device and server differed and a password matched with {@code ?}. It is refused
     * naming the field: per mutation in a push, as a 400 problem elsewhere.
     */
    @Test
    void anUnpairedSurrogateIsRefusedNamingTheField() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        String bad = UUID.randomUUID().toString();
        String good = UUID.randomUUID().toString();
        String hlc = new Hlc(System.currentTimeMillis(), 0, admin.deviceId()).toString();
        String push = "{\"deviceId\":\"" + admin.deviceId() + "\",\"mutations\":["
                + mutation(bad, hlc, shop.adminId(), "Ann" + LONE) + ","
                + mutation(good, hlc, shop.adminId(), "Pair \\ud83d\\ude00") + "]}";

        JsonHttp.Response response =
                server.http().postRaw("/v1/sync/push", push, "application/json", admin.accessToken());

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode refused = response.body().get("results").get(0);
        assertThat(refused.get("status").asText()).isEqualTo("rejected");
        assertThat(refused.get("code").asText()).isEqualTo("validation_failed");
        assertThat(refused.get("field").asText()).isEqualTo("firstName");
        assertThat(response.body().get("results").get(1).get("status").asText()).isEqualTo("applied");
        assertThat(admin.pullAll(0).record("customers", bad)).isNull();
        assertThat(admin.pullAll(0).record("customers", good).get("firstName").asText())
                .isEqualTo("Pair \ud83d\ude00");

        String badId = push.replace("\"mutationId\":\"", "\"mutationId\":\"" + LONE);
        assertProblem(
                server.http().postRaw("/v1/sync/push", badId, "application/json", admin.accessToken()),
                400,
                "mutations[0].mutationId");
        assertProblem(
                server.http()
                        .postRaw(
                                "/v1/auth/login",
                                "{\"email\":\"" + shop.adminEmail() + "\",\"password\":\"" + LONE
                                        + "pass\",\"deviceName\":\"x\"}",
                                "application/json",
                                null),
                400,
                "password");
        assertProblem(
                server.http()
                        .postRaw(
                                "/v1/shops",
                                "{\"shopName\":\"Shop " + LONE + "\",\"email\":\"" + uniqueEmail()
                                        + "\",\"password\":\"long enough " + LONE + "\",\"firstName\":\"F\"}",
                                "application/json",
                                null),
                400,
                "shopName");
        assertProblem(
                server.http()
                        .send(server.http()
                                .request("/v1/employees/" + shop.adminId() + "/password", admin.accessToken())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"password\":\"new password " + LONE + "\"}"))
                                .build()),
                400,
                "password");
    }

    private static String mutation(String recordId, String hlc, String actorId, String firstNameJson) {
        return "{\"mutationId\":\"" + UUID.randomUUID() + "\",\"entity\":\"customers\",\"recordId\":\""
                + recordId + "\",\"op\":\"upsert\",\"hlc\":\"" + hlc + "\",\"actorId\":\"" + actorId
                + "\",\"fields\":{\"firstName\":\"" + firstNameJson + "\"}}";
    }

    /**
     * U+0000 cannot be stored in PostgreSQL text or jsonb; it is refused on both databases alike:
     * per mutation in a push (its neighbours still apply), as a problem in other requests.
     */
    @Test
    void theNulCharacterIsRefusedNamingTheFieldAndNeverBreaksABatch() {
        Device admin = server.createShop().adminDevice("desk");
        String good = UUID.randomUUID().toString();
        JsonHttp.Response response = admin.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Nul\u0000Name"),
                Mutations.upsert("customers", good).field("firstName", "Fine")));

        assertThat(response.status()).isEqualTo(200);
        JsonNode refused = response.body().get("results").get(0);
        assertThat(refused.get("status").asText()).isEqualTo("rejected");
        assertThat(refused.get("code").asText()).isEqualTo("validation_failed");
        assertThat(refused.get("field").asText()).isEqualTo("firstName");
        assertThat(response.body().get("results").get(1).get("status").asText()).isEqualTo("applied");
        assertThat(admin.pullAll(0).record("customers", good)).isNotNull();

        JsonNode badHlc = admin.push(
                        List.of(Mutations.upsert("customers", UUID.randomUUID().toString())
                                .field("firstName", "Hlc")
                                .hlc(new Hlc(System.currentTimeMillis(), 0, "dev\u0000ice"))))
                .body()
                .get("results")
                .get(0);
        assertThat(badHlc.get("field").asText()).isEqualTo("hlc");

        Map<String, Object> nulId = new HashMap<>();
        nulId.put("mutationId", "m\u00001");
        assertProblem(
                server.http()
                        .post(
                                "/v1/sync/push",
                                Map.of("deviceId", admin.deviceId(), "mutations", List.of(nulId)),
                                admin.accessToken()),
                400,
                "mutations[0].mutationId");
        Map<String, Object> shop = shopBody(uniqueEmail());
        shop.put("shopName", "Nul\u0000Shop");
        assertProblem(server.http().post("/v1/shops", shop, null), 400, "shopName");
        assertProblem(
                server.http()
                        .post(
                                "/v1/auth/login",
                                Map.of("email", "a\u0000@b.test", "password", TestServer.PASSWORD, "deviceName", "x"),
                                null),
                400,
                "email");
    }

    /** Instants outside years 0001 to 9999 are refused on both databases, naming the field. */
    @Test
    void instantsBeyondFourDigitYearsAreRefusedNamingTheField() {
        Device admin = server.createShop().adminDevice("desk");
        String customer = UUID.randomUUID().toString();
        JsonHttp.Response response = admin.push(List.of(
                Mutations.upsert("customers", customer).field("firstName", "Far"),
                Mutations.upsert("appointments", UUID.randomUUID().toString())
                        .field("customerId", customer)
                        .field("type", "drop_off")
                        .field("startsAt", "+10000-01-01T00:00:00Z"),
                Mutations.upsert("appointments", UUID.randomUUID().toString())
                        .field("customerId", customer)
                        .field("type", "drop_off")
                        .field("startsAt", "9999-12-31T23:59:59Z")));

        JsonNode results = response.body().get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("applied");
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).get("field").asText()).isEqualTo("startsAt");
        assertThat(results.get(2).get("status").asText()).isEqualTo("applied");
    }

    // ---------------------------------------------------------------- routes and query parameters

    @ParameterizedTest(name = "POST {0} with {1}: {2}")
    @MethodSource("methodOverrides")
    void aPostWithAMethodOverrideHeaderIsThePostItIs(String path, String header, String override, int status) {
        JsonHttp.Response response = server.http()
                .send(server.http()
                        .request(path, null)
                        .header("Content-Type", "application/json")
                        .header(header, override)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"long enough password\"}"))
                        .build());

        assertProblem(response, status, null);
        assertThat(response.body().get("detail").asText()).doesNotContain(override);
    }

    static Stream<Arguments> methodOverrides() {
        String password = "/v1/employees/" + UUID.randomUUID() + "/password";
        return Stream.of(
                Arguments.of(password, "X-HTTP-Method-Override", "PUT", 405),
                Arguments.of(password, "X-HTTP-Method", "PUT", 405),
                Arguments.of(password, "X-Method-Override", "PUT", 405),
                Arguments.of("/v1/sync/pull", "X-HTTP-Method-Override", "GET", 405),
                Arguments.of("/v1/sync/push", "X-HTTP-Method-Override", "DELETE", 401),
                Arguments.of("/v1/sync/push", "x-http-method-override", "PATCH", 401));
    }

    @Test
    void unknownRoutesAre404Problems() {
        for (String path : List.of("/v1/nope", "/v2/sync/pull", "/", "/v1/sync/pull/extra")) {
            JsonNode problem = assertProblem(server.http().get(path, null), 404, null);
            assertThat(problem.path("detail").asText()).as("for %s", path).contains(path);
        }
        assertProblem(server.http().post("/v1/nothing/here", Map.of(), null), 404, null);
    }

    static Stream<Arguments> badPullQueries() {
        return Stream.of(
                Arguments.of("cursor=-1", "cursor"),
                Arguments.of("cursor=abc", "cursor"),
                Arguments.of("cursor=1.5", "cursor"),
                Arguments.of("limit=0", "limit"),
                Arguments.of("limit=1001", "limit"),
                Arguments.of("limit=ten", "limit"),
                Arguments.of("entities=bogus", "entities"),
                Arguments.of("entities=customers,bogus", "entities"),
                Arguments.of("appointmentsFrom=yesterday", "appointmentsFrom"),
                Arguments.of("appointmentsFrom=2026-11-24", "appointmentsFrom"),
                Arguments.of("appointmentsTo=2026-13-01T00:00:00Z", "appointmentsTo"),
                Arguments.of("appointmentsFrom=-5000-01-01T00:00:00Z", "appointmentsFrom"),
                Arguments.of("appointmentsTo=%2B10000-01-01T00:00:00Z", "appointmentsTo"),
                Arguments.of(
                        "appointmentsFrom=2026-11-25T00:00:00Z&appointmentsTo=2026-11-24T00:00:00Z", "appointmentsTo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPullQueries")
    void badPullParametersAre400NamingTheParameter(String query, String parameter) {
        Device admin = server.createShop().adminDevice("desk");

        JsonNode problem = assertProblem(admin.pull(query), 400, parameter);

        assertThat(problem.path("detail").asText()).contains(parameter);
    }

    @Test
    void wellFormedPullParametersAreAccepted() {
        Device admin = server.createShop().adminDevice("desk");

        JsonHttp.Response response = admin.pull("cursor=0&limit=1000&entities=customers,%20employees"
                + "&appointmentsFrom=2026-11-24T00:00:00Z&appointmentsTo=2026-11-25T00:00:00Z");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.body().get("changes")).hasSize(1);
    }

    // ---------------------------------------------------------------- problem shape and request ids

    @Test
    void everyProblemHasTypeTitleStatusAndDetailAndNoStackTrace() {
        Device admin = server.createShop().adminDevice("desk");
        List<JsonHttp.Response> problems = List.of(
                server.http().postRaw("/v1/shops", "{", "application/json", null),
                server.http().postRaw("/v1/shops", "{}", "text/plain", null),
                server.http().post("/v1/shops", Map.of("shopName", 5), null),
                server.http().get("/v1/sync/pull", null),
                server.http().get("/v1/sync/pull", "not.a.token"),
                server.http().get("/v1/missing", null),
                admin.pull("limit=-5"),
                server.http()
                        .put(
                                "/v1/employees/" + UUID.randomUUID() + "/password",
                                Map.of("password", "long enough"),
                                admin.accessToken()),
                limited.http().post("/v1/shops", Map.of("padding", "x".repeat(4096)), null));

        for (JsonHttp.Response response : problems) {
            JsonNode problem = assertProblem(response, response.status(), null);
            assertThat(response.status()).as("%s", response).isBetween(400, 499);
            assertThat(problem.path("type").asText()).as("%s", response).matches("^(urn|https?):.+|about:blank");
            assertThat(response.raw().body()).as("%s", response).doesNotContain("Exception", "\tat ", ".java:");
        }
    }

    @Test
    void responsesCarryARequestIdAndEchoAGivenOne() {
        JsonHttp.Response health = server.http().get("/v1/health", null);
        JsonHttp.Response another = server.http().get("/v1/health", null);
        JsonHttp.Response problem = server.http().get("/v1/missing", null);
        assertThat(health.header("X-Request-Id")).isNotBlank();
        assertThat(another.header("X-Request-Id")).isNotBlank().isNotEqualTo(health.header("X-Request-Id"));
        assertThat(problem.header("X-Request-Id")).isNotBlank();
        assertThat(problem.body().path("requestId").asText()).isEqualTo(problem.header("X-Request-Id"));

        JsonHttp.Response echoed = server.http()
                .send(server.http()
                        .request("/v1/health", null)
                        .header("X-Request-Id", "till-7.req_42")
                        .GET()
                        .build());
        JsonHttp.Response echoedProblem = server.http()
                .send(server.http()
                        .request("/v1/sync/pull", null)
                        .header("X-Request-Id", "till-7.req_43")
                        .GET()
                        .build());
        assertThat(echoed.header("X-Request-Id")).isEqualTo("till-7.req_42");
        assertThat(echoedProblem.status()).isEqualTo(401);
        assertThat(echoedProblem.header("X-Request-Id")).isEqualTo("till-7.req_43");
        assertThat(echoedProblem.body().path("requestId").asText()).isEqualTo("till-7.req_43");

        // an id that could forge log lines or flood them is replaced, not echoed
        for (String insane : List.of("has spaces in it", "x".repeat(65), "a\"b")) {
            JsonHttp.Response replaced = server.http()
                    .send(server.http()
                            .request("/v1/health", null)
                            .header("X-Request-Id", insane)
                            .GET()
                            .build());
            assertThat(replaced.header("X-Request-Id")).isNotBlank().isNotEqualTo(insane);
        }
    }

    // ---------------------------------------------------------------- compression

    @Test
    void largePullPagesAreGzippedWhenTheClientAcceptsIt() throws IOException {
        Device admin = server.createShop().adminDevice("desk");
        admin.pushOk(customers(60, "needs a new screen and a battery; ".repeat(6)));
        String path = "/v1/sync/pull?cursor=0&limit=1000";

        HttpResponse<byte[]> gzipped = sendBytes(server.http()
                .request(path, admin.accessToken())
                .header("Accept-Encoding", "gzip")
                .GET()
                .build());
        HttpResponse<byte[]> plain =
                sendBytes(server.http().request(path, admin.accessToken()).GET().build());

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] inflated;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            inflated = in.readAllBytes();
        }
        assertThat(gzipped.body().length).isLessThan(inflated.length);
        JsonNode page = JsonHttp.JSON.readTree(inflated);
        assertThat(page.get("changes")).hasSize(61); // 60 customers and the admin

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(JsonHttp.JSON.readTree(plain.body()).get("changes")).hasSize(61);
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return server.http().client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- operational endpoints

    @Test
    void healthSaysOk() {
        JsonHttp.Response response = server.http().get("/v1/health", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body()).isEqualTo(JsonHttp.JSON.createObjectNode().put("status", "ok"));
    }

    @Test
    void openApiIsValidJson() throws IOException {
        JsonHttp.Response response = server.http().get("/v1/openapi.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode document = JsonHttp.JSON.readTree(response.raw().body());
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("paths").isObject()).isTrue();
    }

    @Test
    void openApiDescribesEveryEndpoint() throws IOException {
        JsonNode paths = JsonHttp.JSON
                .readTree(server.http().get("/v1/openapi.json", null).raw().body())
                .path("paths");

        assertThat(paths.path("/v1/shops").has("post")).isTrue();
        assertThat(paths.path("/v1/auth/login").has("post")).isTrue();
        assertThat(paths.path("/v1/auth/refresh").has("post")).isTrue();
        assertThat(paths.path("/v1/employees/{id}/password").has("put")).isTrue();
        assertThat(paths.path("/v1/sync/push").has("post")).isTrue();
        assertThat(paths.path("/v1/sync/pull").has("get")).isTrue();
        assertThat(paths.path("/v1/sync/pull/stream").has("get")).isTrue();
        assertThat(paths.path("/v1/realtime").has("get")).isTrue();
        assertThat(paths.path("/v1/health").has("get")).isTrue();
        assertThat(paths.path("/v1/files/{hash}").has("post")).isTrue();
        assertThat(paths.path("/v1/files/{hash}").has("get")).isTrue();
        assertThat(paths.path("/v1/files/{hash}/chunks/{index}").has("put")).isTrue();
        assertThat(paths.path("/v1/records/{entity}/{id}/history").has("get")).isTrue();
        assertThat(paths.path("/v1/audit").has("get")).isTrue();
        assertThat(paths.path("/v1/history/feed").has("get")).isTrue();
        assertThat(paths.path("/v1/custom-fields").has("get")).isTrue();
        assertThat(paths.path("/v1/custom-fields").has("post")).isTrue();
        assertThat(paths.path("/v1/custom-fields/{entity}/{name}").has("patch")).isTrue();
    }

    @Test
    void metricsCountRequestsAndPushResults() {
        Device admin = server.createShop().adminDevice("desk");
        double appliedBefore = appliedPushes(scrape());

        admin.pushOk(customers(2, null));
        admin.pull("cursor=0");
        server.http().get("/v1/no-such-route", null);

        String metrics = scrape();
        assertThat(metrics).contains("repairsync_push_results").contains("repairsync_http_requests");
        assertThat(appliedPushes(metrics) - appliedBefore).isEqualTo(2.0);
        assertThat(metrics)
                .containsPattern(
                        "repairsync_http_requests_seconds_count\\{[^}]*route=\"/v1/sync/push\"[^}]*status=\"200\"")
                .containsPattern("repairsync_http_requests_seconds_count\\{[^}]*route=\"/v1/sync/pull\"")
                // unmatched paths share one label instead of exploding the metric's cardinality
                .doesNotContain("no-such-route");
        assertThat(metrics).contains("repairsync_pull_rows");
    }

    private static String scrape() {
        JsonHttp.Response response = server.http().get("/metrics", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        return response.raw().body();
    }

    private static double appliedPushes(String metrics) {
        Matcher matcher = Pattern.compile(
                        "^repairsync_push_results_total\\{status=\"applied\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(matcher.find()).as("applied push counter in %s", metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
