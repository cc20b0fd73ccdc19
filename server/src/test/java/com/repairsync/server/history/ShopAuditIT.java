package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Mutations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shop's audit (what an employee or a device did in a time range, newest first) and the recent
 * history managers' devices keep offline (the last {@code --history-offline-days}, oldest first):
 * for admins and managers only. The server's clock is the test's, so time ranges are exact.
 */
class ShopAuditIT {
    private static final MutableClock CLOCK = MutableClock.atNow();

    @RegisterExtension
    static final TestServer server =
            TestServer.start(CLOCK, Map.of("--history-offline-days", "30", "--access-token-ttl", "1000d"));

    @Test
    void theAuditFiltersByEmployeeDeviceEntityAndTimeForManagersOnly() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device desk = shop.employeeDevice(office, "front_desk", "Fay");
        Device tablet = shop.employeeDevice(office, "technician", "Tess");
        String item = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        Instant start = CLOCK.instant();
        office.pushOk(List.of(Mutations.upsert("inventoryItems", item)
                .field("sku", "BAT-1")
                .field("name", "Battery")
                .field("quantity", 3)));
        CLOCK.advance(Duration.ofHours(1));
        desk.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "Ada")));
        CLOCK.advance(Duration.ofHours(1));
        tablet.pushOk(List.of(Mutations.adjust("inventoryItems", item, "quantity", -1)));

        assertThat(ops(office, "employee=" + desk.employeeId())).containsExactly("customers create");
        assertThat(ops(office, "device=" + tablet.deviceId())).containsExactly("inventoryItems adjust");
        assertThat(ops(office, "entity=inventoryItems"))
                .containsExactly("inventoryItems adjust", "inventoryItems create");
        assertThat(ops(
                        office,
                        "from=" + start.plus(Duration.ofMinutes(30)) + "&to=" + start.plus(Duration.ofMinutes(90))))
                .containsExactly("customers create");
        assertThat(ops(office, "employee=" + office.employeeId() + "&entity=customers"))
                .isEmpty();

        List<String> paged = new ArrayList<>();
        JsonNode page = audit(office, "limit=2");
        while (true) {
            assertThat(page.path("entries").size()).isLessThanOrEqualTo(2);
            page.path("entries").forEach(entry -> paged.add(entry.path("seq").asText()));
            if (!page.path("before").canConvertToLong()) {
                break;
            }
            page = audit(office, "limit=2&before=" + page.path("before").asLong());
        }
        List<String> whole = new ArrayList<>();
        audit(office, "")
                .path("entries")
                .forEach(entry -> whole.add(entry.path("seq").asText()));
        assertThat(paged).isEqualTo(whole).hasSizeGreaterThan(5);

        for (Device notManager : List.of(desk, tablet)) {
            for (String path : List.of("/v1/audit", "/v1/history/feed")) {
                JsonHttp.Response refused = Versioned.get(server, notManager, path);
                assertThat(refused.status()).as("%s %s", path, refused).isEqualTo(403);
                assertThat(refused.body().path("code").asText()).isEqualTo("forbidden");
            }
        }
    }

    @Test
    void badAuditParametersAreProblemsNamingThem() {
        Device office = server.createShop().adminDevice("office");
        Map<String, String> bad = Map.of(
                "limit=501", "limit",
                "employee=someone", "employee",
                "device=1234", "device",
                "from=yesterday", "from",
                "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to",
                "entity=widgets", "entity",
                "before=-3", "before");
        bad.forEach((query, field) -> {
            JsonHttp.Response refused = Versioned.get(server, office, "/v1/audit?" + query);
            assertThat(refused.status()).as("%s: %s", query, refused).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).as(query).isEqualTo(field);
        });
        assertThat(Versioned.get(server, office, "/v1/audit?entity=attachments", 1)
                        .status())
                .as("an entity newer than the device's wire version is unknown to it")
                .isEqualTo(400);
        assertThat(Versioned.get(server, office, "/v1/audit?entity=attachments").status())
                .isEqualTo(200);
    }

    @Test
    void theFeedHoldsTheWindowOldestFirstInPages() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        office.pushOk(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Old")));
        CLOCK.advance(Duration.ofDays(31));
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        office.pushOk(List.of(Mutations.upsert("customers", first).field("firstName", "New")));
        office.pushOk(List.of(Mutations.upsert("customers", second).field("firstName", "Newer")));

        JsonNode whole = feed(office, "");
        assertThat(whole.path("windowDays").asInt()).isEqualTo(30);
        assertThat(whole.path("entries").findValuesAsText("recordId"))
                .as("only the window, oldest first")
                .containsExactly(first, second);
        assertThat(whole.path("hasMore").asBoolean()).isFalse();

        JsonNode one = feed(office, "limit=1");
        assertThat(one.path("entries").findValuesAsText("recordId")).containsExactly(first);
        assertThat(one.path("hasMore").asBoolean()).isTrue();
        JsonNode rest = feed(office, "limit=1&after=" + one.path("cursor").asLong());
        assertThat(rest.path("entries").findValuesAsText("recordId")).containsExactly(second);
        assertThat(rest.path("hasMore").asBoolean()).isFalse();
        JsonNode none = feed(office, "after=" + rest.path("cursor").asLong());
        assertThat(none.path("entries")).isEmpty();
        assertThat(none.path("cursor").asLong()).isEqualTo(rest.path("cursor").asLong());

        for (String query : List.of("limit=1001", "limit=0", "after=-1")) {
            JsonHttp.Response refused = Versioned.get(server, office, "/v1/history/feed?" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    /** The audit's entries as "entity op", newest first. */
    private static List<String> ops(Device device, String query) {
        List<String> ops = new ArrayList<>();
        audit(device, query)
                .path("entries")
                .forEach(entry -> ops.add(
                        entry.path("entity").asText() + " " + entry.path("op").asText()));
        return ops;
    }

    private static JsonNode audit(Device device, String query) {
        JsonHttp.Response response = Versioned.get(server, device, "/v1/audit?" + query);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    private static JsonNode feed(Device device, String query) {
        JsonHttp.Response response = Versioned.get(server, device, "/v1/history/feed?" + query);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }
}
