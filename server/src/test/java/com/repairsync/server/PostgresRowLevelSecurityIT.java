package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.FileUploads;
import com.repairsync.server.testing.RepairJob;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestPostgres;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row-level security, checked as the application role the server connects as: without a shop set
 * every shop-owned table reads empty; with shop A set, shop B's rows are invisible, updates to
 * them affect nothing and inserts for B are refused. The schema owner sees everything, which proves
 * the rows are there.
 */
class PostgresRowLevelSecurityIT {

    @RegisterExtension
    static final TestServer server = TestServer.startOnPostgres(Clock.systemUTC(), Map.of());

    static Shop shopA;
    static Shop shopB;
    static List<String> shopTables;

    @BeforeAll
    static void twoShopsWithARecordOfEveryEntity() throws SQLException {
        shopA = server.createShop();
        shopB = server.createShop();
        fill(shopA, shopA.adminDevice("desk A"));
        fill(shopB, shopB.adminDevice("desk B"));
        shopTables = new ArrayList<>();
        try (Connection owner = server.openDatabase();
                ResultSet rows = owner.createStatement()
                        .executeQuery("SELECT table_name FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND column_name = 'shop_id'"
                                + " ORDER BY table_name")) {
            while (rows.next()) {
                shopTables.add(rows.getString(1));
            }
        }
        for (EntityType type : Schema.entities()) {
            assertThat(shopTables).contains(type.table());
        }
        assertThat(shopTables)
                .contains(
                        "devices",
                        "employee_credentials",
                        "refresh_tokens",
                        "applied_mutations",
                        "device_health",
                        "sync_counters",
                        "held_changes",
                        "files",
                        "file_chunks",
                        "erasures");
    }

    private static void fill(Shop shop, Device admin) {
        RepairJob job = RepairJob.create(admin);
        admin.pushOk(List.of(
                Mutations.upsert("ticketParts", UUID.randomUUID().toString())
                        .field("ticketId", job.ticketId())
                        .field("inventoryItemId", job.itemId())
                        .field("quantity", 1),
                Mutations.upsert("appointments", UUID.randomUUID().toString())
                        .field("customerId", job.customerId())
                        .field("type", "pick_up")
                        .field("startsAt", "2026-12-01T10:00:00Z")));
        // A custom field's declaration (custom_fields).
        assertThat(server.http()
                        .post(
                                "/v1/custom-fields",
                                Map.of("entity", "tickets", "name", "accessories", "type", "text"),
                                admin.accessToken())
                        .status())
                .isEqualTo(201);
        // A file (files, file_chunks) and an attachment naming it, as a device of this version sends them.
        String hash = FileUploads.upload(server, admin, FileUploads.png(2000, 1));
        JsonNode attached = FileUploads.push(
                server,
                admin,
                Mutations.upsert("attachments", UUID.randomUUID().toString())
                        .field("ticketId", job.ticketId())
                        .field("kind", "photo")
                        .field("fileHash", hash)
                        .field("contentType", "image/png")
                        .field("size", 2000)
                        .field("addedBy", admin.employeeId())
                        .field("addedAt", "2026-12-01T10:00:00.000Z"));
        assertThat(attached.at("/results/0/status").asText()).as("%s", attached).isEqualTo("applied");
        // The console's rows: a health report, and the analytics (reading them stores the counts).
        Map<String, Object> report =
                Map.of("queueDepth", 0, "failedCount", 0, "conflictCount", 0, "deviceTime", "2026-12-01T10:00:00.000Z");
        assertThat(server.http()
                        .post("/v1/devices/health", report, admin.accessToken())
                        .status())
                .isEqualTo(204);
        assertThat(server.http().get("/v1/analytics", admin.accessToken()).status())
                .isEqualTo(200);
        // A removed device's held change.
        Device spare = server.login(shop.adminEmail(), TestServer.PASSWORD, "spare");
        server.http().post("/v1/devices/" + spare.deviceId() + "/revoke", Map.of(), admin.accessToken());
        Map<String, Object> change = Map.of(
                "mutationId",
                UUID.randomUUID().toString(),
                "entity",
                "customers",
                "recordId",
                UUID.randomUUID().toString());
        assertThat(server.http()
                        .post(
                                "/v1/devices/held",
                                Map.of("refreshToken", spare.refreshToken(), "mutations", List.of(change)),
                                null)
                        .status())
                .isEqualTo(200);
        // An erased customer (erasures).
        String erased = UUID.randomUUID().toString();
        admin.pushOk(List.of(Mutations.upsert("customers", erased).field("firstName", "Gone")));
        String stepUp = server.http()
                .post("/v1/auth/step-up", Map.of("password", TestServer.PASSWORD), admin.accessToken())
                .body()
                .path("stepUpToken")
                .asText();
        assertThat(server.http()
                        .post(
                                "/v1/records/customers/" + erased + "/erase",
                                Map.of("stepUp", stepUp),
                                admin.accessToken())
                        .status())
                .isEqualTo(200);
    }

    private static Connection asApp() throws SQLException {
        return TestPostgres.get().connectAsApp(server.postgresUrl());
    }

    private static long count(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void enter(Connection db, String shopId) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT set_config('repairsync.shop', ?, false)")) {
            statement.setString(1, shopId);
            statement.execute();
        }
    }

    @Test
    void theOwnerSeesBothShopsInEveryTable() throws SQLException {
        try (Connection owner = server.openDatabase()) {
            for (String table : shopTables) {
                for (Shop shop : List.of(shopA, shopB)) {
                    assertThat(count(
                                    owner, "SELECT count(*) FROM " + table + " WHERE shop_id = ?::uuid", shop.shopId()))
                            .as("%s rows of %s", table, shop.shopId())
                            .isPositive();
                }
            }
        }
    }

    @Test
    void withoutAShopEveryTableReadsEmpty() throws SQLException {
        try (Connection app = asApp()) {
            for (String table : shopTables) {
                assertThat(count(app, "SELECT count(*) FROM " + table))
                        .as(table)
                        .isZero();
            }
            assertThat(count(app, "SELECT count(*) FROM shops")).isZero();
        }
    }

    @Test
    void aShopSetOnceAndEndedWithItsTransactionLeavesNothingVisible() throws SQLException {
        try (Connection app = asApp()) {
            app.setAutoCommit(false);
            try (PreparedStatement local = app.prepareStatement("SELECT set_config('repairsync.shop', ?, true)")) {
                local.setString(1, shopA.shopId());
                local.execute();
            }
            assertThat(count(app, "SELECT count(*) FROM customers")).isPositive();
            app.commit();
            assertThat(count(app, "SELECT count(*) FROM customers")).isZero();
            app.commit();
        }
    }

    @Test
    void withShopASetShopBIsInvisibleAndUntouchable() throws SQLException {
        try (Connection app = asApp();
                Connection owner = server.openDatabase()) {
            enter(app, shopA.shopId());
            for (String table : shopTables) {
                long ownRows =
                        count(owner, "SELECT count(*) FROM " + table + " WHERE shop_id = ?::uuid", shopA.shopId());
                assertThat(count(app, "SELECT count(*) FROM " + table))
                        .as(table)
                        .isEqualTo(ownRows);
                assertThat(count(app, "SELECT count(*) FROM " + table + " WHERE shop_id = ?::uuid", shopB.shopId()))
                        .as(table)
                        .isZero();
            }
            assertThat(count(app, "SELECT count(*) FROM shops")).isEqualTo(1);

            try (Statement statement = app.createStatement()) {
                for (EntityType type : Schema.entities()) {
                    int updated = statement.executeUpdate(
                            "UPDATE " + type.table() + " SET seq = seq WHERE shop_id = '" + shopB.shopId() + "'");
                    assertThat(updated)
                            .as("updates of shop B's %s", type.table())
                            .isZero();
                }
                assertThat(statement.executeUpdate(
                                "UPDATE shops SET seq = seq + 1000 WHERE id = '" + shopB.shopId() + "'"))
                        .isZero();
            }
            assertThat(count(owner, "SELECT seq FROM shops WHERE id = ?::uuid", shopB.shopId()))
                    .isLessThan(1000);
        }
    }

    @Test
    void rowsForAnotherShopCannotBeWritten() throws SQLException {
        try (Connection app = asApp()) {
            enter(app, shopA.shopId());
            assertThatThrownBy(() -> app.createStatement()
                            .executeUpdate("INSERT INTO customers (shop_id, id, first_name, seq, field_hlcs,"
                                    + " created_at, updated_at) VALUES ('" + shopB.shopId() + "', '"
                                    + UUID.randomUUID() + "', 'Mallory', 1, '{}', now(), now())"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
            assertThatThrownBy(() -> app.createStatement()
                            .executeUpdate("UPDATE customers SET shop_id = '" + shopB.shopId() + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
        }
    }

    @Test
    void theApplicationRoleMayNotDeleteNorChangeTheSchema() throws SQLException {
        try (Connection app = asApp()) {
            enter(app, shopA.shopId());
            assertThatThrownBy(() -> app.createStatement().executeUpdate("DELETE FROM customers"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> app.createStatement().execute("ALTER TABLE customers DISABLE ROW LEVEL SECURITY"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> app.createStatement().execute("CREATE TABLE stolen (x int)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void loginLooksUpOneAddressAcrossShopsWithoutOpeningTheTables() throws SQLException {
        try (Connection app = asApp()) {
            assertThat(count(app, "SELECT count(*) FROM repairsync_login_candidates(?)", shopB.adminEmail()))
                    .isEqualTo(1);
            assertThat(count(app, "SELECT count(*) FROM employee_credentials")).isZero();
        }
    }

    @Test
    void theServerRefusesToRunAsARoleThatBypassesThePolicies() throws Exception {
        ServerConfig asOwner = ServerConfig.parse(
                new String[] {
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--data",
                    Files.createTempDirectory("repairsync-owner-").toString(),
                    "--db-url",
                    server.postgresUrl(),
                    "--db-user",
                    TestPostgres.OWNER
                },
                Map.of(ServerConfig.DB_PASSWORD_ENV, TestPostgres.OWNER_PASSWORD));

        assertThatThrownBy(() -> RepairSyncServer.start(asOwner, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TestPostgres.OWNER)
                .hasMessageContaining("owns")
                .hasMessageContaining("row-level security");
    }
}
