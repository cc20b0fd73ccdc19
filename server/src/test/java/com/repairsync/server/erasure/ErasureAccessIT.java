package com.repairsync.server.erasure;

import static com.repairsync.server.erasure.ErasureClient.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may erase a customer, on the run's database (the PostgreSQL run erases as the application
 * role, under row-level security): only an admin who confirmed their password moments ago, and
 * only their own shop's customer; anyone else is refused and nothing is erased.
 */
class ErasureAccessIT {

    @Test
    void onlyAConfirmedAdminOfTheShopErasesItsCustomer() throws Exception {
        try (TestServer server = TestServer.start()) {
            Shop shop = server.createShop();
            ErasureClient admin = new ErasureClient(server, shop.adminDevice("desk"));
            String customer = newId();
            admin.pushOk(
                    Mutations.upsert("customers", customer).field("firstName", "Ada"),
                    Mutations.upsert("tickets", newId())
                            .field("customerId", customer)
                            .field("deviceType", "laptop")
                            .field("problem", "keyboard"));
            String photo = admin.uploadPng("a photo of Ada", 7);
            admin.pushOk(admin.attachment(newId(), "customerId", customer, photo, "ada"));

            for (String role : new String[] {"manager", "technician", "front_desk"}) {
                ErasureClient other = new ErasureClient(server, shop.employeeDevice(admin.device(), role, role));
                assertProblem(other.erase(customer), 403, "forbidden");
            }
            assertProblem(admin.eraseWith(customer, Map.of()), 403, "reauthentication_required");
            assertProblem(admin.eraseWith(customer, Map.of("stepUp", "not-a-token")), 403, "reauthentication_required");
            assertProblem(admin.eraseWith(customer, Map.of("stepUp", 42)), 400, "validation_failed");
            ErasureClient otherShop =
                    new ErasureClient(server, server.createShop().adminDevice("desk"));
            assertProblem(otherShop.erase(customer), 404, "unknown_record");
            assertProblem(admin.erase(newId()), 404, "unknown_record");
            assertThat(erased(server, customer))
                    .as("nothing erased by a refusal")
                    .isFalse();

            JsonHttp.Response erasure = admin.erase(customer);

            assertThat(erasure.status()).as("%s", erasure).isEqualTo(200);
            assertThat(erasure.body().path("records").asInt())
                    .as("the customer, their ticket and their photo")
                    .isEqualTo(3);
            assertThat(erasure.body().path("files").asInt()).isEqualTo(1);
            JsonHttp.Response download = server.http()
                    .send(server.http()
                            .request("/v1/files/" + photo, admin.device().accessToken())
                            .header(com.repairsync.protocol.WireVersions.PROTOCOL_HEADER, "6")
                            .GET()
                            .build());
            assertThat(download.status())
                    .as("the photo's bytes are gone: %s", download)
                    .isEqualTo(404);
            assertThat(erased(server, customer)).isTrue();
            assertThat(ErasureLog.inDataDirectory(server.dataDir()).entries())
                    .extracting(ErasureLog.Entry::recordId)
                    .contains(customer);
        }
    }

    private static void assertProblem(JsonHttp.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.body().path("code").asText()).as("%s", response).isEqualTo(code);
    }

    /** Whether the database marks the customer erased and notes its erasure. */
    private static boolean erased(TestServer server, String customer) throws Exception {
        try (Connection connection = server.openDatabase();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT c.erased, (SELECT count(*) FROM erasures e WHERE e.record_id = c.id)"
                                + " FROM customers c WHERE CAST(c.id AS TEXT) = ?")) {
            statement.setString(1, customer);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                boolean erased = row.getBoolean(1);
                assertThat(row.getLong(2)).as("the erasures table agrees").isEqualTo(erased ? 1 : 0);
                return erased;
            }
        }
    }
}
