package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who reads a record's history, and what of it: every role that receives the entity, without the
 * fields it may not see (a technician never sees a pay rate's history), a secret only as "changed"
 * and never stored with a value; another shop's record is unknown (404), as is an unknown entity.
 * Pages go newest first by {@code before}; bad parameters are problems naming them.
 */
class HistoryVisibilityIT {
    private static final String PIN = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA";
    private static final String NEW_PIN = "$argon2id$v=19$m=1024,t=1,p=1$bmV3c2FsdA$bmV3aGFzaA";

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void secretsNeverHaveValuesAndARoleSeesOnlyTheFieldsItMay() throws SQLException {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee tess = shop.createEmployee(office, "technician", "Tess");
        Device tablet = server.login(tess.email(), TestServer.PASSWORD, "Tess's tablet");
        office.pushOk(List.of(Mutations.upsert("employees", tess.id()).field("hourlyRateCents", 3000)));
        office.pushOk(List.of(Mutations.upsert("employees", tess.id()).field("pinHash", NEW_PIN)));
        office.pushOk(List.of(Mutations.upsert("employees", tess.id()).field("lastName", "Tester")));

        JsonNode managers = entries(office, "employees", tess.id());
        assertThat(managers.findValuesAsText("op")).containsExactly("update", "update", "update", "password", "create");
        assertThat(managers.get(1).path("changes").toString()).isEqualTo("[{\"field\":\"pinHash\",\"changed\":true}]");
        assertThat(managers.get(2).path("changes").toString())
                .isEqualTo("[{\"field\":\"hourlyRateCents\",\"from\":2500,\"to\":3000}]");
        assertThat(managers.get(3).path("changes").toString())
                .as("a password: no values")
                .isEqualTo("[]");
        assertThat(managers.get(3).path("actorId").asText()).isEqualTo(office.employeeId());
        assertThat(managers.get(4).path("changes").findValuesAsText("field"))
                .containsExactly("firstName", "email", "role", "hourlyRateCents", "pinHash", "active");
        assertThat(managers.get(4).path("changes").get(4).toString())
                .isEqualTo("{\"field\":\"pinHash\",\"changed\":true}");

        JsonNode technicians = entries(tablet, "employees", tess.id());
        assertThat(technicians.findValuesAsText("op"))
                .as("the rate's and the PIN's own updates are not shown at all")
                .containsExactly("update", "password", "create");
        assertThat(technicians.get(2).path("changes").findValuesAsText("field"))
                .containsExactly("firstName", "email", "role", "active");
        assertThat(technicians.toString()).doesNotContain("hourlyRateCents", "pinHash");
        assertThat(storedChanges(shop)).doesNotContain("argon2", "c2FsdA", "bmV3");
    }

    @Test
    void anotherShopsRecordAndAnUnknownEntityAreUnknown() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        String customer = UUID.randomUUID().toString();
        office.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "Ada")));
        Device stranger = server.createShop().adminDevice("stranger");

        JsonHttp.Response foreign = Versioned.get(server, stranger, "/v1/records/customers/" + customer + "/history");
        JsonHttp.Response unknown =
                Versioned.get(server, stranger, "/v1/records/customers/" + UUID.randomUUID() + "/history");
        assertThat(foreign.status()).as("%s", foreign).isEqualTo(404);
        assertThat(foreign.body().path("code").asText()).isEqualTo("unknown_record");
        assertThat(unknown.status())
                .as("the same answer as for a record that never was")
                .isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("unknown_record");
        assertThat(Versioned.get(server, stranger, "/v1/records/customers/" + customer + "/history?before=999999")
                        .status())
                .isEqualTo(404);
        JsonHttp.Response widgets = Versioned.get(server, office, "/v1/records/widgets/" + customer + "/history");
        assertThat(widgets.status()).isEqualTo(404);
        assertThat(widgets.body().path("code").asText()).isEqualTo("unknown_record");
        assertThat(Versioned.get(server, office, "/v1/records/customers/" + customer + "/history")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void pagesGoNewestFirstAndBadParametersAreNamed() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        String customer = UUID.randomUUID().toString();
        office.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "V0")));
        for (int i = 1; i <= 4; i++) {
            office.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "V" + i)));
        }

        List<String> seen = new ArrayList<>();
        String path = "/v1/records/customers/" + customer + "/history?limit=2";
        List<Integer> sizes = new ArrayList<>();
        JsonNode page = body(Versioned.get(server, office, path));
        while (true) {
            sizes.add(page.path("entries").size());
            page.path("entries")
                    .forEach(entry ->
                            seen.add(entry.path("changes").get(0).path("to").asText()));
            if (page.path("before").isNull() || page.path("before").isMissingNode()) {
                break;
            }
            page = body(Versioned.get(
                    server, office, path + "&before=" + page.path("before").asLong()));
        }
        assertThat(seen).containsExactly("V4", "V3", "V2", "V1", "V0");
        assertThat(sizes).containsExactly(2, 2, 1);

        for (Map.Entry<String, String> bad : Map.of(
                        "limit=0", "limit",
                        "limit=201", "limit",
                        "before=0", "before",
                        "before=soon", "before")
                .entrySet()) {
            JsonHttp.Response refused =
                    Versioned.get(server, office, "/v1/records/customers/" + customer + "/history?" + bad.getKey());
            assertThat(refused.status()).as("%s: %s", bad.getKey(), refused).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).isEqualTo(bad.getValue());
        }
        JsonHttp.Response badId = Versioned.get(server, office, "/v1/records/customers/not-a-uuid/history");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().path("field").asText()).isEqualTo("id");
    }

    private static JsonNode entries(Device device, String entity, String id) {
        return body(Versioned.get(server, device, "/v1/records/" + entity + "/" + id + "/history"))
                .path("entries");
    }

    private static JsonNode body(JsonHttp.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    /** Every history row's changes of the shop, as stored. */
    private static String storedChanges(Shop shop) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection db = server.openDatabase();
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery(
                        "SELECT changes FROM record_history WHERE CAST(shop_id AS TEXT) = '" + shop.shopId() + "'")) {
            while (rows.next()) {
                all.append(rows.getString(1)).append('\n');
            }
        }
        assertThat(all).as("the shop's rows").isNotEmpty();
        return all.toString();
    }
}
