package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Ticket;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * A shop's day of work on several real client devices that reach the server through a URL of the
 * caller's choosing (a {@link com.repairsync.testkit.faults.FaultProxy}, a server process on a fixed
 * port): customers created and edited, tickets opened, parts used on tickets (ticket part plus stock
 * take, one group) and stock adjusted. Every write the device acknowledged as saved goes into a
 * ledger; {@link #assertConverged} checks the shop against it once every device drained.
 *
 * <p>The promises checked: no saved record is lost (every saved create is on the server), nothing is
 * applied twice (each item's stock is exactly its initial stock plus every saved adjustment and part
 * use), every edited field holds one of the values written to it, no mutation ended in a failed
 * queue (transport faults are retried, never failed), and every device equals the server.
 */
final class ShopWorkload implements AutoCloseable {
    static final long INITIAL_STOCK = 10_000;
    private static final List<String> ENTITIES = List.of("customers", "tickets", "ticketParts", "inventoryItems");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final JsonHttp http;
    private final String adminEmail;
    private final List<String> items = new ArrayList<>();
    private final List<RepairSyncDevice> devices = new ArrayList<>();
    private final List<Random> randoms = new ArrayList<>();

    // the ledger: what the devices acknowledged as saved
    private final Set<String> savedCreates = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> savedDeltas = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> writtenNotes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> syncErrors = new ConcurrentLinkedQueue<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

    /**
     * Creates a shop on the server at {@code serverUrl}, joins {@code deviceCount} admin devices
     * through {@code deviceUrl} (which must pass traffic while this runs) and has the first device
     * create {@code itemCount} stock items of {@link #INITIAL_STOCK}.
     */
    ShopWorkload(String serverUrl, String deviceUrl, Path dir, int deviceCount, int itemCount, long seed) {
        this.http = new JsonHttp(serverUrl);
        this.adminEmail = "soak-" + UUID.randomUUID() + "@shop.test";
        JsonHttp.Response created = http.post(
                "/v1/shops",
                Map.of(
                        "shopName",
                        "Reliability",
                        "email",
                        adminEmail,
                        "password",
                        TestServer.PASSWORD,
                        "firstName",
                        "Owner"),
                null);
        if (created.status() != 201) {
            throw new AssertionError("shop creation failed: " + created);
        }
        Random seeds = new Random(seed);
        for (int i = 0; i < deviceCount; i++) {
            long deviceSeed = seeds.nextLong();
            DeviceOptions options = DeviceOptions.defaults()
                    .withTransport((url, tokens) -> new HttpSyncTransport(
                            url, Duration.ofSeconds(1), Duration.ofSeconds(2), ServerTrust.authorities(), tokens))
                    .withProbeInterval(Duration.ofMillis(200))
                    .withRandom(new Random(deviceSeed))
                    .withBatchSize(25);
            RepairSyncDevice device =
                    RepairSyncDevice.open(dir.resolve("device-" + i).resolve("device.db"), deviceUrl, options);
            device.join(adminEmail, TestServer.PASSWORD, "device-" + i);
            devices.add(device);
            randoms.add(new Random(deviceSeed + 1));
            if (i == 0) {
                for (int k = 0; k < itemCount; k++) {
                    String id = device.inventoryItems()
                            .create(Map.of("sku", "PART-" + k, "name", "Part " + k, "quantity", INITIAL_STOCK));
                    items.add(id);
                    savedDeltas.put(id, new AtomicLong());
                    savedCreates.add("inventoryItems/" + id);
                }
                device.syncNow();
            } else {
                device.syncNow();
            }
        }
    }

    /** Creates a shop on the test server and reaches it through {@code deviceUrl}. */
    ShopWorkload(TestServer server, String deviceUrl, Path dir, int deviceCount, int itemCount, long seed) {
        this(server.http().baseUrl(), deviceUrl, dir, deviceCount, itemCount, seed);
    }

    int deviceCount() {
        return devices.size();
    }

    /** One random write (or sync) on device {@code index}; call each device from one thread only. */
    void step(int index) {
        RepairSyncDevice device = devices.get(index);
        Random random = randoms.get(index);
        int pick = random.nextInt(100);
        if (pick < 20) {
            String id =
                    device.customers().create(Map.of("firstName", "Walk-in", "phone", "555-" + random.nextInt(9999)));
            saved("customers/" + id);
        } else if (pick < 35) {
            Customer customer = any(device.customers().all(), random);
            if (customer != null) {
                String notes = "n" + index + "-" + writes.get();
                device.customers().update(customer.id(), Map.of("notes", notes));
                writtenNotes
                        .computeIfAbsent(customer.id(), k -> ConcurrentHashMap.newKeySet())
                        .add(notes);
                writes.incrementAndGet();
            }
        } else if (pick < 50) {
            Customer customer = any(device.customers().all(), random);
            if (customer != null) {
                saved("tickets/"
                        + device.tickets()
                                .create(Map.of(
                                        "customerId", customer.id(), "deviceType", "phone", "problem", "no power")));
            }
        } else if (pick < 70) {
            Ticket ticket = any(device.tickets().all(), random);
            if (ticket != null) {
                String item = items.get(random.nextInt(items.size()));
                long quantity = 1 + random.nextInt(3);
                saved("ticketParts/" + device.tickets().addPart(ticket.id(), item, quantity, 1999L));
                savedDeltas.get(item).addAndGet(-quantity);
            }
        } else if (pick < 85) {
            String item = items.get(random.nextInt(items.size()));
            long delta = random.nextBoolean() ? -(1 + random.nextInt(5)) : 1 + random.nextInt(5);
            device.inventoryItems().adjustStock(item, delta);
            savedDeltas.get(item).addAndGet(delta);
            writes.incrementAndGet();
        } else {
            sync(index);
        }
    }

    /** Pushes and pulls on device {@code index}; a network failure is counted, not thrown. */
    void sync(int index) {
        syncs.incrementAndGet();
        try {
            devices.get(index).syncNow();
        } catch (TransportException e) {
            syncErrors.add(e.getClass().getSimpleName());
        }
    }

    /** With the network healthy again: every device syncs until nothing is pending, then once more. */
    void drainAll(Duration atMost) {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < devices.size(); i++) {
                RepairSyncDevice device = devices.get(i);
                int index = i;
                Awaitility.await("device " + i + " drains its outbox")
                        .atMost(atMost)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            sync(index);
                            return device.syncState().pendingCount() == 0;
                        });
            }
        }
    }

    /** Checks the ledger against the server and every device against the server. */
    void assertConverged(String context) {
        Map<String, Map<String, Map<String, String>>> serverState = serverState();
        for (RepairSyncDevice device : devices) {
            assertThat(device.failedMutations())
                    .as("transport faults are retried, never failed; " + context)
                    .isEmpty();
            assertThat(device.syncState().pendingCount()).as(context).isZero();
        }
        Set<String> onServer = ConcurrentHashMap.newKeySet();
        serverState.forEach((entity, records) -> records.keySet().forEach(id -> onServer.add(entity + "/" + id)));
        List<String> lost = savedCreates.stream()
                .filter(key -> !onServer.contains(key))
                .sorted()
                .toList();
        assertThat(lost).as("saved records missing on the server; " + context).isEmpty();
        for (String item : items) {
            long expected = INITIAL_STOCK + savedDeltas.get(item).get();
            assertThat(serverState.get("inventoryItems").get(item).get("quantity"))
                    .as("stock of %s: initial plus every saved take and adjustment, each once; %s", item, context)
                    .isEqualTo(Long.toString(expected));
        }
        writtenNotes.forEach((customer, notes) -> assertThat(
                        serverState.get("customers").get(customer).get("notes"))
                .as("notes of %s are one of the values written; %s", customer, context)
                .isIn(notes));
        long parts =
                savedCreates.stream().filter(k -> k.startsWith("ticketParts/")).count();
        assertThat(serverState.get("ticketParts")).as(context).hasSize((int) parts);
        for (int i = 0; i < devices.size(); i++) {
            assertThat(deviceState(devices.get(i)))
                    .as("device %d equals the server; %s", i, context)
                    .isEqualTo(serverState);
        }
    }

    /** A one-line account of the run. */
    String summary() {
        Map<String, Long> errors = new TreeMap<>();
        syncErrors.forEach(e -> errors.merge(e, 1L, Long::sum));
        return "devices=" + devices.size() + " saved creates=" + savedCreates.size() + " writes=" + writes.get()
                + " syncs=" + syncs.get() + " failed syncs=" + errors;
    }

    long writes() {
        return writes.get();
    }

    @Override
    public void close() {
        for (RepairSyncDevice device : devices) {
            try {
                device.close();
            } catch (RuntimeException alreadyClosed) {
                // nothing left to release
            }
        }
    }

    private void saved(String key) {
        writes.incrementAndGet();
        savedCreates.add(key);
    }

    private static <T> T any(List<T> list, Random random) {
        return list.isEmpty() ? null : list.get(random.nextInt(list.size()));
    }

    /** The shop on the server, read by a fresh sign-in pulling every page from cursor 0. */
    private Map<String, Map<String, Map<String, String>>> serverState() {
        JsonHttp.Response login = http.post(
                "/v1/auth/login",
                Map.of("email", adminEmail, "password", TestServer.PASSWORD, "deviceName", "checker"),
                null);
        assertThat(login.status()).as("checker sign-in %s", login).isEqualTo(200);
        String token = login.body().get("accessToken").asText();
        Map<String, Map<String, Map<String, String>>> state = emptyState();
        long cursor = 0;
        long previous = -1;
        while (true) {
            JsonHttp.Response page = http.get("/v1/sync/pull?limit=1000&cursor=" + cursor, token);
            assertThat(page.status()).as("pull %s", page).isEqualTo(200);
            for (JsonNode change : page.body().get("changes")) {
                assertThat(change.get("seq").asLong())
                        .as("cursors only move forward")
                        .isGreaterThan(previous);
                previous = change.get("seq").asLong();
                String entity = change.get("entity").asText();
                String id = change.get("recordId").asText();
                if (!state.containsKey(entity)) {
                    continue;
                }
                if (change.path("deleted").asBoolean()) {
                    state.get(entity).remove(id);
                } else {
                    state.get(entity).put(id, fields(entity, change.get("record")));
                }
            }
            cursor = page.body().get("cursor").asLong();
            if (!page.body().get("hasMore").asBoolean()) {
                return state;
            }
        }
    }

    private static Map<String, Map<String, Map<String, String>>> deviceState(RepairSyncDevice device) {
        Map<String, Map<String, Map<String, String>>> state = emptyState();
        put(state, "customers", device.customers().all());
        put(state, "tickets", device.tickets().all());
        put(state, "ticketParts", device.ticketParts().all());
        put(state, "inventoryItems", device.inventoryItems().all());
        return state;
    }

    private static void put(Map<String, Map<String, Map<String, String>>> state, String entity, List<?> records) {
        for (Object record : records) {
            ObjectNode node = JSON.valueToTree(record);
            state.get(entity).put(node.path("id").asText(), fields(entity, node));
        }
    }

    private static Map<String, Map<String, Map<String, String>>> emptyState() {
        Map<String, Map<String, Map<String, String>>> state = new TreeMap<>();
        ENTITIES.forEach(entity -> state.put(entity, new TreeMap<>()));
        return state;
    }

    /** The declared fields of a record as text, absent and null alike. */
    private static Map<String, String> fields(String entity, JsonNode record) {
        Map<String, String> fields = new TreeMap<>();
        for (FieldSpec field : Schema.entity(entity).orElseThrow().fields()) {
            JsonNode value = record.get(field.name());
            if (value != null && !value.isNull()) {
                fields.put(field.name(), value.isTextual() ? value.textValue() : Long.toString(value.asLong()));
            }
        }
        return fields;
    }
}
