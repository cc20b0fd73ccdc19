package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.auth.PasswordHasher;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestPostgres;
import com.repairsync.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database created at the first schema version and filled with a shop's records is migrated to
 * the latest version by a starting server, and keeps every record: the rows of every table are
 * unchanged, and the shop's admin can sign in and pull each record.
 */
class PostgresMigrationIT {
    private static final String SHOP = UUID.randomUUID().toString();
    private static final String ADMIN = UUID.randomUUID().toString();
    private static final String CUSTOMER = UUID.randomUUID().toString();
    private static final String TICKET = UUID.randomUUID().toString();
    private static final String ITEM = UUID.randomUUID().toString();
    private static final String PART = UUID.randomUUID().toString();
    private static final String APPOINTMENT = UUID.randomUUID().toString();
    private static final String DEVICE = UUID.randomUUID().toString();
    private static final String EMAIL = "v1-owner@shop.test";
    private static final String HLC_TEXT = "001764000000000-00000-" + DEVICE;
    private static final String HLC = "\"" + HLC_TEXT + "\"";

    /** One shop at schema V1, written as the application role under row-level security. */
    private static final String V1_SHOP = """
            INSERT INTO shops (id, name, seq, created_at) VALUES ('%1$s', 'Shop at V1', 6, '2025-11-24T09:00:00Z');
            INSERT INTO employees (shop_id, id, first_name, last_name, email, role, hourly_rate_cents, active,
                seq, field_hlcs, created_at, updated_at)
              VALUES ('%1$s', '%2$s', 'Vera', 'One', '%8$s', 'admin', 3100, true, 1,
                '{"firstName": %9$s, "role": %9$s}', '2025-11-24T09:00:00Z', '2025-11-24T09:00:00Z');
            INSERT INTO employee_credentials (shop_id, employee_id, password_hash, updated_at)
              VALUES ('%1$s', '%2$s', ?, '2025-11-24T09:00:00Z');
            INSERT INTO devices (id, shop_id, name, joined_by, created_at, last_seen_at)
              VALUES ('%7$s', '%1$s', 'old desk', '%2$s', '2025-11-24T09:00:00Z', '2025-11-24T09:00:00Z');
            INSERT INTO customers (shop_id, id, first_name, phone, seq, field_hlcs, created_at, updated_at)
              VALUES ('%1$s', '%3$s', 'Grace', '+1 555 0100', 2, '{"firstName": %9$s}',
                '2025-11-24T09:01:00Z', '2025-11-24T09:01:00Z');
            INSERT INTO tickets (shop_id, id, customer_id, device_type, problem, status, priority, estimate_cents,
                due_at, seq, field_hlcs, created_at, updated_at)
              VALUES ('%1$s', '%4$s', '%3$s', 'phone', 'cracked screen', 'in_repair', 'high', 8999,
                '2025-11-30T17:00:00Z', 3, '{"problem": %9$s}', '2025-11-24T09:02:00Z', '2025-11-24T09:02:00Z');
            INSERT INTO inventory_items (shop_id, id, sku, name, quantity, price_cents, seq, field_hlcs,
                created_at, updated_at)
              VALUES ('%1$s', '%5$s', 'SCR-1', 'Screen', 4, 4999, 4, '{"name": %9$s}',
                '2025-11-24T09:03:00Z', '2025-11-24T09:03:00Z');
            INSERT INTO ticket_parts (shop_id, id, ticket_id, inventory_item_id, quantity, unit_price_cents, seq,
                field_hlcs, created_at, updated_at)
              VALUES ('%1$s', '%6$s', '%4$s', '%5$s', 1, 4999, 5, '{"quantity": %9$s}',
                '2025-11-24T09:04:00Z', '2025-11-24T09:04:00Z');
            INSERT INTO appointments (shop_id, id, customer_id, ticket_id, type, starts_at, duration_minutes, status,
                seq, deleted, deleted_hlc, field_hlcs, created_at, updated_at)
              VALUES ('%1$s', '%10$s', '%3$s', '%4$s', 'pick_up', '2025-12-01T10:00:00Z', 15, 'scheduled',
                6, true, '%11$s', '{"type": %9$s}', '2025-11-24T09:05:00Z', '2025-11-24T09:06:00Z');
            INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, seq, received_at)
              VALUES ('%1$s', 'm-1', '%7$s', 'applied', 2, '2025-11-24T09:01:00Z');
            """;

    @Test
    void aPopulatedFirstVersionDatabaseMigratesToTheLatestKeepingEveryRecord() throws Exception {
        String url = TestPostgres.get().createDatabase();
        Flyway.configure()
                .dataSource(url, TestPostgres.OWNER, TestPostgres.OWNER_PASSWORD)
                .locations("classpath:db/migration/postgres")
                .placeholders(Map.of("app_role", TestPostgres.APP))
                .target("1")
                .load()
                .migrate();
        populateAtV1(url);
        // Later migrations may add columns; every row keeps the values of the columns it had.
        Map<String, List<String>> firstColumns = columns(url);
        Map<String, List<String>> before = everyRow(url, firstColumns);

        Path dir = Files.createTempDirectory("repairsync-migrated-");
        ServerConfig config = ServerConfig.parse(
                new String[] {
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--data",
                    dir.toString(),
                    "--db-url",
                    url,
                    "--db-user",
                    TestPostgres.APP,
                    "--db-migrate-user",
                    TestPostgres.OWNER,
                    "--argon2-memory-kib",
                    "1024",
                    "--argon2-iterations",
                    "1"
                },
                Map.of(
                        ServerConfig.DB_PASSWORD_ENV, TestPostgres.APP_PASSWORD,
                        ServerConfig.DB_MIGRATE_PASSWORD_ENV, TestPostgres.OWNER_PASSWORD));
        try (RepairSyncServer server = RepairSyncServer.start(config, Clock.systemUTC())) {
            Map<String, List<String>> after = everyRow(url, firstColumns);
            before.forEach(
                    (table, rows) -> assertThat(after.get(table)).as(table).containsAll(rows));

            Device desk = TestServer.loginTo(server.port(), EMAIL, TestServer.PASSWORD, "new desk");
            Device.Snapshot pulled = desk.pullAll(0);
            assertThat(pulled.cursor()).isEqualTo(6);
            assertThat(pulled.record("customers", CUSTOMER).get("phone").asText())
                    .isEqualTo("+1 555 0100");
            assertThat(pulled.record("tickets", TICKET).get("dueAt").asText()).isEqualTo("2025-11-30T17:00:00.000Z");
            assertThat(pulled.record("tickets", TICKET).get("estimateCents").asLong())
                    .isEqualTo(8999);
            assertThat(pulled.record("inventoryItems", ITEM).get("quantity").asLong())
                    .isEqualTo(4);
            assertThat(pulled.record("ticketParts", PART).get("ticketId").asText())
                    .isEqualTo(TICKET);
            assertThat(pulled.record("employees", ADMIN).get("email").asText()).isEqualTo(EMAIL);
            assertThat(pulled.changes()
                            .get("appointments/" + APPOINTMENT)
                            .get("deleted")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static void populateAtV1(String url) throws SQLException {
        String sql =
                V1_SHOP.formatted(SHOP, ADMIN, CUSTOMER, TICKET, ITEM, PART, DEVICE, EMAIL, HLC, APPOINTMENT, HLC_TEXT);
        try (Connection app = TestPostgres.get().connectAsApp(url)) {
            app.setAutoCommit(false);
            try (Statement statement = app.createStatement()) {
                statement.execute("SELECT set_config('repairsync.shop', '" + SHOP + "', true)");
            }
            for (String insert : sql.split(";\\s*\\n")) {
                if (insert.isBlank()) {
                    continue;
                }
                try (PreparedStatement statement = app.prepareStatement(insert)) {
                    if (insert.contains("?")) {
                        statement.setString(1, new PasswordHasher(1024, 1, 1).hash(TestServer.PASSWORD));
                    }
                    statement.executeUpdate();
                }
            }
            app.commit();
        }
    }

    /** Every row of every table as text, by table, read as the owner. */
    private static List<String> tables() {
        List<String> tables = new ArrayList<>(
                List.of("shops", "devices", "employee_credentials", "refresh_tokens", "applied_mutations"));
        // The entities of the first schema; newer ones (attachments, wire version 5) came with later migrations.
        Schema.entities().stream()
                .filter(type -> type.sinceProtocol() <= WireVersions.FIRST)
                .map(EntityType::table)
                .forEach(tables::add);
        return tables;
    }

    /** Each table's columns, in order. */
    private static Map<String, List<String>> columns(String url) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Connection owner = TestPostgres.get().connectAsOwner(url)) {
            for (String table : tables()) {
                List<String> names = new ArrayList<>();
                var query = owner.prepareStatement("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position");
                query.setString(1, table);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        names.add(row.getString(1));
                    }
                }
                columns.put(table, names);
            }
        }
        return columns;
    }

    /** Every row of every table as text, of the given columns only. */
    private static Map<String, List<String>> everyRow(String url, Map<String, List<String>> columns)
            throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection owner = TestPostgres.get().connectAsOwner(url)) {
            for (String table : tables()) {
                List<String> texts = new ArrayList<>();
                String asText = "ROW(" + String.join(", ", columns.get(table)) + ")::text";
                try (ResultSet row = owner.createStatement().executeQuery("SELECT " + asText + " FROM " + table)) {
                    while (row.next()) {
                        texts.add(row.getString(1));
                    }
                }
                rows.put(table, texts);
            }
        }
        assertThat(rows.get("customers")).hasSize(1);
        return rows;
    }
}
