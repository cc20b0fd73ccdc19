package com.repairsync.client.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.client.Conflict;
import com.repairsync.client.ConflictChoice;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.RetryPolicy;
import com.repairsync.client.SyncState;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Records;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.NewCustomField;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One seeded run: a shop, 3 to 5 devices behind {@link FaultyTransport}s, 30 to 60 random steps
 * (creates, field edits, deletes, undeletes, stock adjustments, ticket parts, syncs, disconnects,
 * restarts, resolving the failed queue, keeping a conflict's lost value), then the network heals,
 * every device drains, and the checks run:
 *
 * <ul>
 *   <li>along the way: the app reads its own writes at once; a restart keeps every queued write
 *       and shows the same records; a device that synced cleanly with an empty outbox equals the
 *       server;
 *   <li>at the end: no device has anything queued and every record shows synced; every device, and
 *       a device that joins afresh, equals the server (read over plain HTTP); the server holds
 *       exactly what the {@link Ledger} of acknowledged writes says (each field the value of the
 *       latest HLC, deletes winning, stock = initial + every adjustment not discarded); every write
 *       the server refused is explained by the data (a ticket for a customer deleted elsewhere);
 *   <li>then causality: an edit must be stamped after the value it replaced, which the device was
 *       showing, and a write the server superseded must reach the device's conflicts.
 * </ul>
 *
 * <p>Everything random comes from the seed. Time is simulated: the server and the devices (each
 * with its own clock skew) run on one {@link MutableClock} that only the run moves, so a seed
 * replays step for step. Throws {@link AssertionError} naming the seed, with the run's steps.
 */
final class Simulation {
    static final List<String> ENTITIES = List.of("customers", "tickets", "ticketParts", "inventoryItems");

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Server errors are not among the faults, but if one happens its retries are due at once. */
    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(1), 2, Duration.ofMillis(20), 50);

    /** How long devices keep acknowledged changes in a run with a restore (14 days otherwise). */
    private static final Duration KEEP_IN_RESTORE_RUNS = Duration.ofMinutes(2);

    /** The most a device's clock runs ahead of or behind the server's. */
    private static final Duration MAX_SKEW = Duration.ofSeconds(3);

    private static final List<String> STATUSES =
            List.of("checked_in", "diagnosing", "awaiting_parts", "in_repair", "ready", "picked_up", "cancelled");
    private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    private static final List<String> DEVICE_TYPES = List.of("phone", "laptop", "console", "tablet");
    private static final List<String> CUSTOMER_FIELDS =
            List.of("firstName", "lastName", "phone", "email", "address", "notes");

    /** What a step does, with its weight. */
    private enum Action {
        CREATE_CUSTOMER(10),
        EDIT_CUSTOMER(10),
        CONTEND_FOR_CUSTOMER(5),
        DELETE_CUSTOMER(4),
        CREATE_TICKET(8),
        EDIT_TICKET(6),
        ADJUST_STOCK(10),
        ADD_PART(8),
        SYNC(22),
        TOGGLE_DISCONNECT(5),
        RESTART(4),
        RESOLVE_FAILED(3),
        RESTORE_CUSTOMER(4),
        KEEP_MINE(5),
        CHANGE_CUSTOM_FIELD(3);

        final int weight;

        Action(int weight) {
            this.weight = weight;
        }
    }

    private TestServer server;
    private final ServerRestore restore;
    private boolean restored;
    private final long seed;
    private final Random random;
    private final MutableClock clock;
    private final Ledger ledger = new Ledger();
    private final List<String> log = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> customers = new ArrayList<>();
    private final List<String> tickets = new ArrayList<>();
    private final List<String> items = new ArrayList<>();
    private final Map<Action, Integer> actions = new EnumMap<>(Action.class);
    private final List<RepairSyncDevice> extraDevices = new ArrayList<>();
    private final List<String> causalityViolations = new ArrayList<>();
    private Path dir;
    private Shop shop;
    private Device checker;
    private int step;
    private int lastStep;
    private int names;
    private int cleanChecks;
    /** Undeletes and kept values actually made (a step may find nothing to do). */
    private int undeletes;

    private int keptMine;

    /** One simulated device: its database file, its network, and the SDK device while open. */
    private final class Node {
        final String name;
        final Path file;
        final FaultyTransport.Link link;
        final Random network;
        final Duration skew;
        final int batchSize;
        final int pageSize;
        RepairSyncDevice device;

        Node(String name, FaultyTransport.Link link, long networkSeed, Duration skew, int batchSize, int pageSize) {
            this.name = name;
            this.file = dir.resolve(name).resolve("device.db");
            this.link = link;
            this.network = new Random(networkSeed);
            this.skew = skew;
            this.batchSize = batchSize;
            this.pageSize = pageSize;
        }

        void open() {
            DeviceOptions options = DeviceOptions.defaults()
                    .withAutoSync(false)
                    .withClock(Clock.offset(clock, skew))
                    .withRetry(QUICK_RETRY)
                    .withBatchSize(batchSize)
                    .withPageSize(pageSize)
                    .withRandom(new Random(network.nextLong()))
                    // A restore run's end must see the window pass in which a change waits for a
                    // record the restore lost (HealingWait): its maker may have given up on it.
                    .withKeepAcknowledged(restore == null ? Duration.ofDays(14) : KEEP_IN_RESTORE_RUNS)
                    .withTransport(
                            (url, tokens) -> new FaultyTransport(new HttpSyncTransport(url, tokens), network, link));
            device = RepairSyncDevice.open(file, server.http().baseUrl(), options);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A mutation a step expects to find at the end of the outbox. */
    private record Queued(
            String entity, String recordId, String op, boolean create, Map<String, Object> fields, long delta) {}

    /** An outbox row as the device stored it. */
    private record OutboxRow(
            long seq,
            String mutationId,
            String hlc,
            String entity,
            String recordId,
            String op,
            String groupId,
            String state) {}

    /**
     * @param server the shared server, running on {@code clock}
     * @param clock the simulation's time: the server's clock, and (each with its own skew) the
     *     devices'; only the simulation moves it, so a seed replays the same way
     */
    Simulation(TestServer server, MutableClock clock, long seed) {
        this(server, clock, seed, null);
    }

    /**
     * Takes a backup of the server's data a third of the way through a run and restores it two
     * thirds of the way: the owner restoring yesterday's copy in the middle of a shop day.
     */
    interface ServerRestore {
        /** Backs up {@code running}'s data; returns the server running after (the same, or restarted). */
        TestServer backUp(TestServer running);

        /** Stops {@code running}, puts the backup in place and starts the server again on its port. */
        TestServer restore(TestServer running);
    }

    /** A run with a restore of the server in the middle (null: none); see {@link ServerRestore}. */
    Simulation(TestServer server, MutableClock clock, long seed, ServerRestore restore) {
        this.server = server;
        this.restore = restore;
        this.seed = seed;
        this.random = new Random(seed);
        this.clock = clock;
    }

    /** The server the run ended with (another one than it began with if it restored). */
    TestServer server() {
        return server;
    }

    /** Runs the seed; returns a one-line summary. */
    String run() {
        try {
            dir = Files.createTempDirectory("repairsync-sim-" + seed + "-");
            setUp();
            int steps = 30 + random.nextInt(31);
            lastStep = steps;
            for (step = 1; step <= steps; step++) {
                if (restore != null && step == steps / 3) {
                    server = restore.backUp(server);
                    say("the server's data is backed up");
                } else if (restore != null && step == 2 * steps / 3) {
                    server = restore.restore(server);
                    restored = true;
                    say("the server's data is restored to the backup");
                }
                step();
            }
            step = steps + 1;
            drain();
            check();
            return summary(steps);
        } catch (AssertionError | RuntimeException | IOException e) {
            throw new AssertionError(
                    "seed " + seed + " failed (replay with -Drepairsync.seed=" + seed + "): " + e.getMessage()
                            + "\n--- steps of seed " + seed + " ---\n" + String.join("\n", log),
                    e);
        } finally {
            closeAll();
        }
    }

    // ------------------------------------------------------------------ set-up

    private void setUp() {
        // The server's HLC has absorbed the clocks of earlier runs' devices (up to MAX_SKEW ahead).
        // Starting well past them, this run sees the server as a replay of it alone would.
        clock.advance(MAX_SKEW.multipliedBy(3));
        shop = server.createShop();
        checker = shop.adminDevice("checker");
        int count = 3 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            // Each device gets its own mix of faults; some networks are nearly perfect, some awful.
            double scale = 0.3 + 0.7 * random.nextDouble();
            FaultyTransport.Link link = new FaultyTransport.Link(
                    0.25 * scale * random.nextDouble(),
                    0.25 * scale * random.nextDouble(),
                    0.2 * scale * random.nextDouble(),
                    0.25 * scale * random.nextDouble());
            // Tablet clocks are rarely right: some devices run behind or ahead of the server.
            Duration skew = random.nextInt(3) == 0
                    ? Duration.ZERO
                    : Duration.ofMillis(random.nextLong(-MAX_SKEW.toMillis(), MAX_SKEW.toMillis() + 1));
            // Small batches and pages make a sync many requests, each of which the network may spoil.
            int batchSize = List.of(1, 5, 200).get(random.nextInt(3));
            int pageSize = List.of(10, 500).get(random.nextInt(2));
            Node node = new Node("device-" + i, link, random.nextLong(), skew, batchSize, pageSize);
            nodes.add(node);
        }
        // The first device stocks the shop; the others join after, and their join pulls the stock.
        Node first = nodes.get(0);
        join(first);
        // The shop's own fields on tickets, whose values the devices write like any field and
        // whose declarations they change (label, choices, removed) as they go.
        first.device.customFields().declare(NewCustomField.of("tickets", "accessories", CustomFieldType.TEXT));
        first.device
                .customFields()
                .declare(NewCustomField.of("tickets", "condition", CustomFieldType.CHOICE)
                        .choices(List.of("new", "used")));
        int itemCount = 2 + random.nextInt(3);
        for (int i = 0; i < itemCount; i++) {
            long quantity = 5 + random.nextInt(40);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("sku", "SKU-" + i);
            fields.put("name", "Part " + i);
            fields.put("quantity", quantity);
            String id = first.device.inventoryItems().create(fields);
            Map<String, Object> recorded = new LinkedHashMap<>(fields);
            recorded.remove("quantity");
            record(first, List.of(new Queued("inventoryItems", id, "upsert", true, recorded, 0)));
            ledger.initialStock(id, quantity);
            items.add(id);
        }
        first.device.syncNow();
        for (Node node : nodes.subList(1, nodes.size())) {
            join(node);
        }
        for (Node node : nodes) {
            if (node.device.inventoryItems().all().size() != itemCount) {
                throw new AssertionError(node + " did not receive the seeded inventory");
            }
            node.link.faulty(true);
        }
        say("set up " + itemCount + " items " + ledger.initialStock().values() + " and " + nodes.size() + " devices "
                + nodes.stream()
                        .map(n -> n + " (skew " + n.skew.toMillis() + " ms, batch " + n.batchSize + ", page "
                                + n.pageSize + ")")
                        .toList());
    }

    private void join(Node node) {
        node.open();
        node.device.join(shop.adminEmail(), TestServer.PASSWORD, node.name);
    }

    // ------------------------------------------------------------------ steps

    private void step() {
        clock.advance(Duration.ofMillis(random.nextInt(4)));
        Node node = nodes.get(random.nextInt(nodes.size()));
        Action action = pick();
        actions.merge(action, 1, Integer::sum);
        switch (action) {
            case CREATE_CUSTOMER -> createCustomer(node);
            case EDIT_CUSTOMER -> editCustomer(node);
            case CONTEND_FOR_CUSTOMER -> contendForCustomer(node);
            case DELETE_CUSTOMER -> deleteCustomer(node);
            case CREATE_TICKET -> createTicket(node);
            case EDIT_TICKET -> editTicket(node);
            case ADJUST_STOCK -> adjustStock(node);
            case ADD_PART -> addPart(node);
            case SYNC -> sync(node);
            case TOGGLE_DISCONNECT -> {
                node.link.disconnected(!node.link.disconnected());
                say(node + (node.link.disconnected() ? " disconnected" : " reconnected"));
            }
            case RESTART -> restart(node);
            case RESOLVE_FAILED -> resolveFailed(node);
            case RESTORE_CUSTOMER -> restoreCustomer(node);
            case KEEP_MINE -> keepMine(node);
            case CHANGE_CUSTOM_FIELD -> changeCustomField(node);
        }
    }

    private Action pick() {
        int total = Stream.of(Action.values()).mapToInt(a -> a.weight).sum();
        int roll = random.nextInt(total);
        for (Action action : Action.values()) {
            roll -= action.weight;
            if (roll < 0) {
                return action;
            }
        }
        throw new IllegalStateException();
    }

    private void createCustomer(Node node) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", "First" + (++names));
        if (random.nextBoolean()) {
            fields.put("phone", "555-" + (1000 + random.nextInt(9000)));
        }
        String id = node.device.customers().create(fields);
        customers.add(id);
        record(node, List.of(new Queued("customers", id, "upsert", true, fields, 0)));
        expectView(node, "customers", id, fields);
        say(node + " creates customer " + shortId(id) + " " + fields);
    }

    private void editCustomer(Node node) {
        String id = visible(node, "customers", customers);
        if (id == null) {
            say(node + " has no customer to edit");
            return;
        }
        edit(node, id, CUSTOMER_FIELDS.get(random.nextInt(CUSTOMER_FIELDS.size())));
    }

    /**
     * Two people edit one field of a customer at once on two devices that both show it, then the
     * one whose edit is stamped later syncs first: the other's edit loses when it syncs next (a
     * conflict there), unless a fault turns things round.
     */
    private void contendForCustomer(Node node) {
        List<Node> others = nodes.stream().filter(other -> other != node).toList();
        int from = random.nextInt(others.size());
        for (int i = 0; i < others.size(); i++) {
            Node other = others.get((from + i) % others.size());
            List<String> shared = customers.stream()
                    .filter(id ->
                            view(node.device, "customers", id) != null && view(other.device, "customers", id) != null)
                    .toList();
            if (!shared.isEmpty()) {
                String id = shared.get(random.nextInt(shared.size()));
                String field = CUSTOMER_FIELDS.get(random.nextInt(CUSTOMER_FIELDS.size()));
                Ledger.Write first = edit(node, id, field);
                Ledger.Write second = edit(other, id, field);
                boolean secondLater = Hlc.parse(second.hlc()).isAfter(Hlc.parse(first.hlc()));
                sync(secondLater ? other : node, false);
                sync(secondLater ? node : other, false);
                return;
            }
        }
        say(node + " shares no customer with another device to edit at once");
    }

    private Ledger.Write edit(Node node, String id, String field) {
        int n = ++names;
        Object value =
                switch (field) {
                    case "email" -> "c" + n + "@example.test";
                    case "phone" -> "555-" + (1000 + random.nextInt(9000));
                    default -> field + " " + n;
                };
        Map<String, Object> fields = Map.of(field, value);
        String shown = text(view(node.device, "customers", id).get(field));
        node.device.customers().update(id, fields);
        Ledger.Write edit = record(node, List.of(new Queued("customers", id, "upsert", false, fields, 0)))
                .get(0);
        checkCausality(node, edit, field, shown);
        expectView(node, "customers", id, fields);
        say(node + " edits customer " + shortId(id) + " " + fields);
        return edit;
    }

    private void deleteCustomer(Node node) {
        String id = visible(node, "customers", customers);
        if (id == null) {
            say(node + " has no customer to delete");
            return;
        }
        node.device.customers().delete(id);
        record(node, List.of(new Queued("customers", id, "delete", false, Map.of(), 0)));
        if (node.device.customers().get(id).isPresent()) {
            throw new AssertionError(node + " still shows customer " + id + " it just deleted");
        }
        say(node + " deletes customer " + shortId(id));
    }

    /**
     * Brings back a customer a device holds as deleted (wire version 6): it shows again at once.
     * Deletes are few, so the step goes to the first device from this one that holds such a customer.
     */
    private void restoreCustomer(Node picked) {
        Node node = null;
        List<String> candidates = List.of();
        for (int i = 0; i < nodes.size() && candidates.isEmpty(); i++) {
            node = nodes.get((nodes.indexOf(picked) + i) % nodes.size());
            java.util.Set<String> deleted = node.device.customers().deleted(customers.size() + 1).stream()
                    .map(com.repairsync.client.records.Customer::id)
                    .collect(java.util.stream.Collectors.toSet());
            // In creation order, not the device's, so that a seed replays the same choice.
            candidates = customers.stream().filter(deleted::contains).toList();
        }
        if (candidates.isEmpty()) {
            say("no device holds a deleted customer to bring back");
            return;
        }
        String id = candidates.get(random.nextInt(candidates.size()));
        node.device.customers().undelete(id);
        record(node, List.of(new Queued("customers", id, "restore", false, Map.of(), 0)));
        if (view(node.device, "customers", id) == null) {
            throw new AssertionError(node + " does not show customer " + id + " it just brought back");
        }
        undeletes++;
        say(node + " undeletes customer " + shortId(id));
    }

    /**
     * A person settles an open conflict: keeps their value (written again as a new edit) where the
     * record shows, else keeps theirs. Conflicts are few, so the step goes to the first device from
     * this one that has one.
     */
    private void keepMine(Node picked) {
        Node node = null;
        List<Conflict> open = List.of();
        for (int i = 0; i < nodes.size() && open.isEmpty(); i++) {
            node = nodes.get((nodes.indexOf(picked) + i) % nodes.size());
            open = node.device.conflicts();
        }
        if (open.isEmpty()) {
            say("no device has a conflict to settle");
            return;
        }
        Conflict conflict = open.get(random.nextInt(open.size()));
        String record = conflict.entity() + "/" + shortId(conflict.recordId()) + "." + conflict.field();
        if (!ENTITIES.contains(conflict.entity())) {
            node.device.resolveConflict(conflict.id(), ConflictChoice.KEEP_THEIRS);
            say(node + " keeps theirs of " + record + " (a field's declaration)");
            return;
        }
        if (view(node.device, conflict.entity(), conflict.recordId()) == null) {
            node.device.resolveConflict(conflict.id(), ConflictChoice.KEEP_THEIRS);
            say(node + " keeps theirs of " + record + " (the record is deleted)");
            return;
        }
        JsonNode value = com.repairsync.client.internal.Json.tree(conflict.localValue());
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put(
                conflict.field(), value.isNull() ? null : value.isIntegralNumber() ? value.asLong() : value.asText());
        node.device.resolveConflict(conflict.id(), ConflictChoice.KEEP_MINE);
        record(node, List.of(new Queued(conflict.entity(), conflict.recordId(), "upsert", false, fields, 0)));
        expectView(node, conflict.entity(), conflict.recordId(), fields);
        keptMine++;
        say(node + " keeps its " + record + " = " + conflict.localValue() + " over " + conflict.winningValue());
    }

    /**
     * An admin changes a declaration on their device: relabels a field, adds a choice, or removes
     * or restores the accessories field (its values kept, writes to it still taken).
     */
    private void changeCustomField(Node node) {
        int n = ++names;
        switch (random.nextInt(4)) {
            case 0 -> {
                node.device.customFields().relabel("tickets", "accessories", "Accessories " + n);
                say(node + " relabels accessories");
            }
            case 1 -> {
                node.device.customFields().addChoices("tickets", "condition", List.of("grade " + n));
                say(node + " adds choice grade " + n + " to condition");
            }
            default -> {
                boolean removed = node.device
                        .customFields()
                        .find("tickets", "accessories")
                        .orElseThrow()
                        .removed();
                if (removed) {
                    node.device.customFields().restore("tickets", "accessories");
                } else {
                    node.device.customFields().remove("tickets", "accessories");
                }
                say(node + (removed ? " restores" : " removes") + " accessories");
            }
        }
    }

    /** Fields by key as the ledger has them, with {@code custom.<name>} keys in the {@code custom} member. */
    private static Map<String, Object> withCustomMember(Map<String, Object> fields) {
        Map<String, Object> wire = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (CustomValues.isKey(key)) {
                custom.put(CustomValues.nameOf(key), value);
            } else {
                wire.put(key, value);
            }
        });
        if (!custom.isEmpty()) {
            wire.put(CustomValues.MEMBER, custom);
        }
        return wire;
    }

    /** A field of a record as JSON: a built-in one by name, {@code custom.<name>} from the custom member. */
    private static JsonNode valueOf(JsonNode record, String field) {
        if (record == null) {
            return null;
        }
        return CustomValues.isKey(field)
                ? record.path(CustomValues.MEMBER).get(CustomValues.nameOf(field))
                : record.get(field);
    }

    private void createTicket(Node node) {
        String customer = visible(node, "customers", customers);
        if (customer == null) {
            say(node + " has no customer to open a ticket for");
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("customerId", customer);
        fields.put("deviceType", DEVICE_TYPES.get(random.nextInt(DEVICE_TYPES.size())));
        fields.put("problem", "problem " + (++names));
        if (random.nextBoolean()) {
            fields.put("priority", PRIORITIES.get(random.nextInt(PRIORITIES.size())));
        }
        if (random.nextInt(3) == 0) {
            fields.put("custom.accessories", "charger " + (++names));
        }
        String id = node.device.tickets().create(withCustomMember(fields));
        tickets.add(id);
        record(node, List.of(new Queued("tickets", id, "upsert", true, fields, 0)));
        expectView(node, "tickets", id, fields);
        say(node + " opens ticket " + shortId(id) + " for customer " + shortId(customer));
    }

    private void editTicket(Node node) {
        String id = visible(node, "tickets", tickets);
        if (id == null) {
            say(node + " has no ticket to edit");
            return;
        }
        String field = List.of(
                        "status",
                        "priority",
                        "notes",
                        "deviceModel",
                        "serialNumber",
                        "custom.accessories",
                        "custom.condition")
                .get(random.nextInt(7));
        Object value =
                switch (field) {
                    case "status" -> STATUSES.get(random.nextInt(STATUSES.size()));
                    case "priority" -> PRIORITIES.get(random.nextInt(PRIORITIES.size()));
                    case "custom.condition" -> random.nextInt(4) == 0 ? null : random.nextBoolean() ? "new" : "used";
                    default -> field + " " + (++names);
                };
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put(field, value);
        String shown = text(valueOf(view(node.device, "tickets", id), field));
        node.device.tickets().update(id, withCustomMember(fields));
        Ledger.Write edit = record(node, List.of(new Queued("tickets", id, "upsert", false, fields, 0)))
                .get(0);
        checkCausality(node, edit, field, shown);
        expectView(node, "tickets", id, fields);
        say(node + " edits ticket " + shortId(id) + " " + fields);
    }

    private void adjustStock(Node node) {
        String item = items.get(random.nextInt(items.size()));
        long delta = (1 + random.nextInt(3)) * (random.nextBoolean() ? 1L : -1L);
        long before = quantity(node, item);
        node.device.inventoryItems().adjustStock(item, delta);
        record(node, List.of(new Queued("inventoryItems", item, "adjust", false, Map.of(), delta)));
        long after = quantity(node, item);
        if (after != before + delta) {
            throw new AssertionError(
                    node + " shows stock " + after + " of " + item + " after adjusting " + before + " by " + delta);
        }
        say(node + " adjusts stock of " + shortId(item) + " by " + delta + " (shows " + after + ")");
    }

    private void addPart(Node node) {
        String ticket = visible(node, "tickets", tickets);
        if (ticket == null) {
            say(node + " has no ticket to add a part to");
            return;
        }
        String item = items.get(random.nextInt(items.size()));
        long quantity = 1 + random.nextInt(3);
        Long price = random.nextBoolean() ? Long.valueOf(100L * (1 + random.nextInt(50))) : null;
        long before = quantity(node, item);
        String part = node.device.tickets().addPart(ticket, item, quantity, price);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ticketId", ticket);
        fields.put("inventoryItemId", item);
        fields.put("quantity", quantity);
        if (price != null) {
            fields.put("unitPriceCents", price);
        }
        List<Ledger.Write> written = record(
                node,
                List.of(
                        new Queued("ticketParts", part, "upsert", true, fields, 0),
                        new Queued("inventoryItems", item, "adjust", false, Map.of(), -quantity)));
        if (written.get(0).groupId() == null
                || !written.get(0).groupId().equals(written.get(1).groupId())) {
            throw new AssertionError("addPart did not queue the part and its stock adjustment as one group");
        }
        expectView(node, "ticketParts", part, fields);
        long after = quantity(node, item);
        if (after != before - quantity) {
            throw new AssertionError(
                    node + " shows stock " + after + " of " + item + " after using " + quantity + " of " + before);
        }
        say(node + " uses " + quantity + " of " + shortId(item) + " on ticket " + shortId(ticket) + " (part "
                + shortId(part) + ")");
    }

    private void sync(Node node) {
        sync(node, true);
    }

    /**
     * Syncs the device; with {@code compare}, a clean sync with nothing left queued is followed by
     * the comparison with the server (a full read of it, which a sync inside another step skips).
     */
    private void sync(Node node, boolean compare) {
        node.link.takeEvents();
        try {
            node.device.syncNow();
        } catch (TransportException expected) {
            say(node + " syncs: " + expected.getClass().getSimpleName() + " " + node.link.takeEvents());
            return;
        }
        SyncState state = node.device.syncState();
        List<String> events = node.link.takeEvents();
        say(node + " syncs: ok " + events + ", then pending " + state.pendingCount() + ", failed "
                + state.failedCount());
        boolean stale = events.stream().anyMatch(event -> event.endsWith("earlier answer"));
        // After a restore a device may hold records the server lost until their makers send them
        // again: the comparison waits for the end, when every device has.
        if (compare && !stale && !restored && outbox(node).isEmpty()) {
            // Nobody else writes while this device syncs: with nothing queued and no stale page
            // delivered, it must now show exactly what the server has.
            List<String> differences = differences(snapshot(node.device), serverRecords());
            if (!differences.isEmpty()) {
                throw new AssertionError(
                        node + " synced cleanly with an empty outbox but differs from the server: " + differences);
            }
            cleanChecks++;
        }
    }

    private void restart(Node node) {
        List<String> queued = outbox(node).stream().map(OutboxRow::mutationId).toList();
        Map<String, List<ObjectNode>> shown = snapshotWithStatus(node.device);
        node.device.close();
        node.open();
        List<String> after = outbox(node).stream().map(OutboxRow::mutationId).toList();
        if (!queued.equals(after)) {
            throw new AssertionError(
                    node + " lost queued writes across a restart: before " + queued + ", after " + after);
        }
        if (!shown.equals(snapshotWithStatus(node.device))) {
            throw new AssertionError(node + " shows different records after a restart");
        }
        say(node + " restarts with " + queued.size() + " queued");
    }

    /** A person works through the failed queue: refused writes are discarded, exhausted ones retried. */
    private void resolveFailed(Node node) {
        for (int resolved = 0; ; resolved++) {
            List<FailedMutation> failed = node.device.failedMutations();
            if (failed.isEmpty()) {
                if (resolved == 0 && step <= lastStep) {
                    say(node + " has nothing in its failed queue");
                }
                return;
            }
            FailedMutation first = failed.get(0);
            if ("unavailable".equals(first.code())) {
                node.device.retry(first.mutationId());
                say(node + " retries " + first.entity() + "/" + shortId(first.recordId()) + " after server errors");
                continue;
            }
            ledger.refused(new Ledger.Refusal(
                    node.name,
                    first.mutationId(),
                    first.entity(),
                    first.recordId(),
                    first.code(),
                    first.field(),
                    first.message() + " " + first.fields()));
            Set<String> before = ids(outbox(node));
            node.device.discard(first.mutationId());
            Set<String> removed = new HashSet<>(before);
            removed.removeAll(ids(outbox(node)));
            if (!removed.contains(first.mutationId())) {
                throw new AssertionError(node + " still queues " + first.mutationId() + " after discarding it");
            }
            ledger.discarded(removed);
            say(node + " discards " + first.op() + " " + first.entity() + "/" + shortId(first.recordId()) + " ("
                    + first.code() + ": " + first.message() + "), removing " + removed.size() + " queued writes");
        }
    }

    /**
     * An edit replaces what the device showed, so it must win over the write that put the shown
     * value there: the device has seen that write, and its clock must stamp later (a hybrid logical
     * clock exists for exactly this). Otherwise the edit is applied, superseded and silently reverted
     * everywhere, although the person made it after seeing the value it replaces. Checked at once,
     * reported after the convergence checks.
     */
    private void checkCausality(Node node, Ledger.Write edit, String field, String shown) {
        List<Ledger.Write> sources = ledger.writesOf(edit.entity(), edit.recordId(), field, shown).stream()
                .filter(w -> !w.mutationId().equals(edit.mutationId()))
                .toList();
        Hlc stamp = Hlc.parse(edit.hlc());
        if (!sources.isEmpty() && sources.stream().allMatch(source -> !stamp.isAfter(Hlc.parse(source.hlc())))) {
            Ledger.Write source = sources.get(0);
            causalityViolations.add("step " + step + ": " + node + " (clock skew " + node.skew.toMillis()
                    + " ms) edited " + edit.entity() + "/" + edit.recordId() + "." + field + " while showing " + shown
                    + " (written by " + source.device() + " at step " + source.step() + " with HLC " + source.hlc()
                    + "), but stamped its edit " + edit.hlc() + ", earlier: the edit loses to the value it replaced");
        }
    }

    // ------------------------------------------------------------------ drain and checks

    /** The network heals; every device syncs until nothing is queued. */
    private void drain() {
        for (Node node : nodes) {
            node.link.faulty(false);
            node.link.disconnected(false);
        }
        say("network healed");
        // A round in which no device had anything queued pushed nothing, so every device's pull in
        // it saw the final state.
        for (int round = 1; round <= 10; round++) {
            // After a restore, a change that waits for a record another device has not sent back
            // yet goes again 30 s later (Pusher.RETRY_WHILE_HEALING), and stops waiting once
            // KEEP_IN_RESTORE_RUNS has passed.
            clock.advance(restored ? Duration.ofSeconds(61) : Duration.ofMillis(50));
            boolean pushed = false;
            for (Node node : nodes) {
                pushed |= !outbox(node).isEmpty();
                node.device.syncNow();
                resolveFailed(node);
            }
            if (!pushed) {
                say("drained in " + round + " rounds");
                return;
            }
        }
        throw new AssertionError("outboxes did not drain in 10 rounds of clean syncs: "
                + nodes.stream().map(n -> n + "=" + outbox(n)).toList());
    }

    private void check() {
        Map<String, Map<String, JsonNode>> server = serverRecords();
        for (Node node : nodes) {
            conflictsOf(node).forEach(lost -> ledger.lost(lost[0], lost[1], lost[2], lost[3]));
        }
        checkLedgerAgainst("the server", server);

        Node fresh =
                new Node("fresh", new FaultyTransport.Link(0, 0, 0, 0), random.nextLong(), Duration.ZERO, 200, 500);
        fresh.open();
        extraDevices.add(fresh.device);
        fresh.device.join(shop.adminEmail(), TestServer.PASSWORD, "fresh");
        Map<String, List<ObjectNode>> reference = snapshot(fresh.device);
        List<CustomField> declarations = fresh.device.customFields().all("tickets");
        for (Node node : nodes) {
            if (!node.device.customFields().all("tickets").equals(declarations)) {
                throw new AssertionError(node + " holds other field declarations than a device that joins at the end: "
                        + node.device.customFields().all("tickets") + " vs " + declarations);
            }
        }
        List<String> freshDifferences = differences(reference, server);
        if (!freshDifferences.isEmpty()) {
            throw new AssertionError("a device that joins at the end differs from the server: " + freshDifferences);
        }

        for (Node node : nodes) {
            SyncState state = node.device.syncState();
            if (state.pendingCount() != 0
                    || state.failedCount() != 0
                    || !outbox(node).isEmpty()) {
                throw new AssertionError(node + " still has queued writes: " + state + " " + outbox(node));
            }
            Map<String, List<ObjectNode>> shown = snapshotWithStatus(node.device);
            shown.values().stream().flatMap(List::stream).forEach(record -> {
                if (!"SYNCED".equals(record.path("syncStatus").asText())) {
                    throw new AssertionError(node + " shows " + record + " as not synced after draining");
                }
            });
            Map<String, List<ObjectNode>> mine = withoutLeftovers(node, snapshot(node.device), server);
            if (!mine.equals(reference)) {
                throw new AssertionError(
                        node + " differs from a freshly joined device: " + differences(mine, toServerShape(reference)));
            }
            List<String> differences = differences(mine, server);
            if (!differences.isEmpty()) {
                throw new AssertionError(node + " differs from the server: " + differences);
            }
        }
        checkRefusals();

        List<String> unreported = new ArrayList<>();
        for (Node node : nodes) {
            List<String> waiting = lostWrites(node);
            if (!waiting.isEmpty()) {
                unreported.add(node + " " + waiting);
            }
        }
        List<String> problems = new ArrayList<>();
        if (!causalityViolations.isEmpty()) {
            problems.add(causalityViolations.size()
                    + " edit(s) were stamped before the value they replaced, so the server kept the older value: "
                    + causalityViolations);
        }
        if (!unreported.isEmpty()) {
            problems.add("writes the server superseded were never reported as conflicts (still waiting in"
                    + " lost_writes after the final pull): " + unreported);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the devices converged, but " + String.join("; and ", problems));
        }
    }

    /** Every conflict the device recorded, open or settled: entity, record id, field, the losing write's HLC. */
    private static List<String[]> conflictsOf(Node node) {
        try (Connection connection = LocalDatabase.connect(node.file, TestKeys.vault());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT entity, record_id, field, local_hlc FROM conflicts")) {
            List<String[]> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the conflicts of " + node + ": " + e.getMessage(), e);
        }
    }

    /** Fields the device wrote that the server superseded and that no pull has turned into a conflict yet. */
    private static List<String> lostWrites(Node node) {
        try (Connection connection = LocalDatabase.connect(node.file, TestKeys.vault());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT entity, record_id, field, local_value FROM lost_writes ORDER BY entity, record_id")) {
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                result.add(rows.getString(1) + "/" + rows.getString(2) + "." + rows.getString(3) + "="
                        + rows.getString(4));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lost writes of " + node + ": " + e.getMessage(), e);
        }
    }

    /** Every write not discarded is on the server as the merge rules say; stock adds up. */
    private void checkLedgerAgainst(String where, Map<String, Map<String, JsonNode>> records) {
        List<String> problems = new ArrayList<>();
        for (String entity : ENTITIES) {
            Map<String, JsonNode> actual = records.getOrDefault(entity, Map.of());
            Map<String, Ledger.Expected> expected = ledger.expected(entity);
            for (Ledger.Expected record : expected.values()) {
                JsonNode found = actual.get(record.id());
                if (!record.present()) {
                    if (found != null) {
                        problems.add(
                                entity + "/" + record.id() + " should be gone (deleted or discarded) but is " + found);
                    }
                    continue;
                }
                if (found == null) {
                    problems.add(entity + "/" + record.id() + " is missing; expected " + record.fields());
                    continue;
                }
                record.fields().forEach((field, value) -> {
                    String got = text(valueOf(found, field));
                    if (!Objects.equals(got, value)) {
                        problems.add(entity + "/" + record.id() + "." + field + " is " + got + ", expected " + value);
                    }
                });
            }
            for (String id : actual.keySet()) {
                if (!expected.containsKey(id)) {
                    problems.add(entity + "/" + id + " exists but no device ever made it");
                }
            }
        }
        ledger.expectedStock().forEach((item, quantity) -> {
            JsonNode found = records.getOrDefault("inventoryItems", Map.of()).get(item);
            long got = found == null ? Long.MIN_VALUE : found.path("quantity").asLong();
            if (found == null || got != quantity) {
                problems.add("stock of " + item + " is " + (found == null ? "missing" : got) + ", expected "
                        + quantity + " (initial " + ledger.initialStock().get(item) + " plus "
                        + ledger.kept().stream()
                                .filter(w ->
                                        w.op().equals("adjust") && w.recordId().equals(item))
                                .map(w -> w.device() + ":" + w.delta())
                                .toList()
                        + ")");
            }
        });
        if (!problems.isEmpty()) {
            throw new AssertionError(where + " does not match what the devices acknowledged: " + problems);
        }
    }

    /** A refused write is fine only if the shop's data explains it. */
    private void checkRefusals() {
        for (Ledger.Refusal refusal : ledger.refusals()) {
            Ledger.Write write = ledger.write(refusal.mutationId());
            boolean explained =
                    switch (refusal.code()) {
                        case "group_failed" -> true; // the group's refused member explains it
                        case "unknown_record" -> {
                            if (write != null && write.op().equals("restore")) {
                                // Brought back on a device that made it, before its create was discarded.
                                yield ledger.createDiscarded(refusal.entity(), refusal.recordId());
                            }
                            if (write == null || !write.create()) {
                                yield false;
                            }
                            if (refusal.entity().equals("tickets")) {
                                yield ledger.deletedForGood(
                                        "customers", (String) write.fields().get("customerId"));
                            }
                            if (refusal.entity().equals("ticketParts")) {
                                yield ledger.createDiscarded(
                                        "tickets", (String) write.fields().get("ticketId"));
                            }
                            yield false;
                        }
                        default -> false;
                    };
            if (!explained) {
                throw new AssertionError("the server refused a write nothing explains: " + refusal);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Reads the new outbox rows a write made, checks them, and enters them in the ledger. */
    private List<Ledger.Write> record(Node node, List<Queued> queued) {
        List<OutboxRow> rows = outbox(node);
        if (rows.size() < queued.size()) {
            throw new AssertionError(node + " queued fewer mutations than written: " + rows);
        }
        List<OutboxRow> newest = rows.subList(rows.size() - queued.size(), rows.size());
        List<Ledger.Write> writes = new ArrayList<>();
        for (int i = 0; i < queued.size(); i++) {
            Queued want = queued.get(i);
            OutboxRow row = newest.get(i);
            if (!row.entity().equals(want.entity())
                    || !row.recordId().equals(want.recordId())
                    || !row.op().equals(want.op())
                    || ledger.knows(row.mutationId())) {
                throw new AssertionError(node + " queued " + row + " for " + want);
            }
            Ledger.Write write = new Ledger.Write(
                    step,
                    node.name,
                    row.mutationId(),
                    row.hlc(),
                    want.entity(),
                    want.recordId(),
                    want.op(),
                    want.create(),
                    want.fields(),
                    want.delta(),
                    row.groupId());
            ledger.add(write);
            writes.add(write);
        }
        return writes;
    }

    private static Set<String> ids(List<OutboxRow> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.mutationId()));
        return ids;
    }

    /** The device's outbox, read straight from its database file (the device stays open). */
    /**
     * The snapshot without what a restore left behind: records the device held from before it,
     * which the restored server lacks and nobody sent again (their maker's change was refused and
     * discarded, say a ticket for a customer deleted since). The device keeps them, not seen in the
     * server's new history (base sequence 0, Records.BASE_SEQ), as docs/operations.md says; the server must not have them.
     */
    private Map<String, List<ObjectNode>> withoutLeftovers(
            Node node, Map<String, List<ObjectNode>> snapshot, Map<String, Map<String, JsonNode>> server) {
        if (!restored) {
            return snapshot;
        }
        Set<String> leftovers = new java.util.HashSet<>();
        try (Connection connection = LocalDatabase.connect(node.file, TestKeys.vault());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT entity, id FROM records WHERE " + Records.BASE_SEQ + " = 0 AND base IS NOT NULL")) {
            while (rows.next()) {
                if (ENTITIES.contains(rows.getString(1))
                        && !server.get(rows.getString(1)).containsKey(rows.getString(2))) {
                    leftovers.add(rows.getString(1) + "/" + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the records of " + node + ": " + e.getMessage(), e);
        }
        if (!leftovers.isEmpty()) {
            say(node + " keeps " + leftovers.size() + " records the restored server lacks: " + leftovers);
        }
        Map<String, List<ObjectNode>> kept = new TreeMap<>();
        snapshot.forEach((entity, records) -> kept.put(
                entity,
                records.stream()
                        .filter(record -> !leftovers.contains(
                                entity + "/" + record.path("id").asText()))
                        .toList()));
        return kept;
    }

    /** The node's outbox, every row's id known to the ledger (a write sent again has a new id). */
    private List<OutboxRow> outbox(Node node) {
        List<OutboxRow> rows = readOutbox(node);
        rows.forEach(row -> ledger.learn(row.mutationId(), row.hlc(), row.entity(), row.recordId()));
        return rows;
    }

    private static List<OutboxRow> readOutbox(Node node) {
        try (Connection connection = LocalDatabase.connect(node.file, TestKeys.vault());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT seq, mutation_id, hlc, entity, record_id, op, group_id, state FROM outbox ORDER BY seq")) {
            List<OutboxRow> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new OutboxRow(
                        rows.getLong(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7),
                        rows.getString(8)));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox of " + node + ": " + e.getMessage(), e);
        }
    }

    /** A random record of the list (in creation order, for replays) that the device shows. */
    private String visible(Node node, String entity, List<String> ids) {
        List<String> shown =
                ids.stream().filter(id -> view(node.device, entity, id) != null).toList();
        return shown.isEmpty() ? null : shown.get(random.nextInt(shown.size()));
    }

    private static ObjectNode view(RepairSyncDevice device, String entity, String id) {
        Object record =
                switch (entity) {
                    case "customers" -> device.customers().get(id).orElse(null);
                    case "tickets" -> device.tickets().get(id).orElse(null);
                    case "ticketParts" -> device.ticketParts().get(id).orElse(null);
                    case "inventoryItems" -> device.inventoryItems().get(id).orElse(null);
                    default -> throw new IllegalArgumentException(entity);
                };
        return record == null ? null : JSON.valueToTree(record);
    }

    /** The app reads its own write at once (local first). */
    private void expectView(Node node, String entity, String id, Map<String, Object> fields) {
        ObjectNode view = view(node.device, entity, id);
        if (view == null) {
            throw new AssertionError(node + " does not show " + entity + "/" + id + " it just wrote");
        }
        fields.forEach((field, value) -> {
            if (!Objects.equals(text(valueOf(view, field)), Ledger.text(value))) {
                throw new AssertionError(node + " shows " + entity + "/" + id + "." + field + " = "
                        + valueOf(view, field) + " right after writing " + value);
            }
        });
    }

    private static long quantity(Node node, String item) {
        return node.device.inventoryItems().get(item).orElseThrow().quantity();
    }

    /** Per entity, the device's records sorted by id, without their sync status. */
    private static Map<String, List<ObjectNode>> snapshot(RepairSyncDevice device) {
        Map<String, List<ObjectNode>> snapshot = snapshotWithStatus(device);
        snapshot.values().forEach(records -> records.forEach(record -> record.remove("syncStatus")));
        return snapshot;
    }

    private static Map<String, List<ObjectNode>> snapshotWithStatus(RepairSyncDevice device) {
        Map<String, List<ObjectNode>> snapshot = new TreeMap<>();
        snapshot.put("customers", tree(device.customers().all()));
        snapshot.put("tickets", tree(device.tickets().all()));
        snapshot.put("ticketParts", tree(device.ticketParts().all()));
        snapshot.put("inventoryItems", tree(device.inventoryItems().all()));
        return snapshot;
    }

    private static List<ObjectNode> tree(List<?> records) {
        return records.stream()
                .map(record -> (ObjectNode) JSON.valueToTree(record))
                .sorted(Comparator.comparing(node -> node.path("id").asText()))
                .toList();
    }

    /** The server's live records per entity and id, read with a plain HTTP pull from cursor 0. */
    private Map<String, Map<String, JsonNode>> serverRecords() {
        Device.Snapshot snapshot = pullAll(checker);
        Map<String, Map<String, JsonNode>> records = new TreeMap<>();
        for (String entity : ENTITIES) {
            records.put(entity, new TreeMap<>());
        }
        snapshot.changes().values().forEach(change -> {
            String entity = change.get("entity").asText();
            if (records.containsKey(entity) && !change.path("deleted").asBoolean()) {
                records.get(entity).put(change.get("recordId").asText(), change.get("record"));
            }
        });
        return records;
    }

    /** Every change from cursor 0, pulled as a device of this wire version (custom values included). */
    private Device.Snapshot pullAll(Device device) {
        Map<String, JsonNode> records = new java.util.HashMap<>();
        List<Long> seqs = new ArrayList<>();
        long cursor = 0;
        while (true) {
            com.repairsync.testkit.JsonHttp.Response response = server.http()
                    .send(server.http()
                            .request("/v1/sync/pull?cursor=" + cursor + "&limit=200", device.accessToken())
                            .header(WireVersions.PROTOCOL_HEADER, Integer.toString(WireVersions.CURRENT))
                            .GET()
                            .build());
            if (response.status() != 200) {
                throw new AssertionError("the checker's pull failed: " + response);
            }
            for (JsonNode change : response.body().get("changes")) {
                records.put(
                        change.get("entity").asText() + "/"
                                + change.get("recordId").asText(),
                        change);
                seqs.add(change.get("seq").asLong());
            }
            cursor = response.body().get("cursor").asLong();
            if (!response.body().get("hasMore").asBoolean()) {
                return new Device.Snapshot(records, cursor, seqs);
            }
        }
    }

    private static Map<String, Map<String, JsonNode>> toServerShape(Map<String, List<ObjectNode>> device) {
        Map<String, Map<String, JsonNode>> shaped = new TreeMap<>();
        device.forEach((entity, records) -> {
            Map<String, JsonNode> byId = new TreeMap<>();
            records.forEach(record -> byId.put(record.path("id").asText(), record));
            shaped.put(entity, byId);
        });
        return shaped;
    }

    /**
     * How a device's records differ from the server's: missing or extra ids, and any field of the
     * declaration, id, createdAt or updatedAt that differs. At most 20 lines.
     */
    private static List<String> differences(
            Map<String, List<ObjectNode>> device, Map<String, Map<String, JsonNode>> server) {
        List<String> differences = new ArrayList<>();
        for (String entity : ENTITIES) {
            EntityType type = Schema.entity(entity).orElseThrow();
            Map<String, JsonNode> theirs = server.getOrDefault(entity, Map.of());
            Map<String, ObjectNode> mine = new TreeMap<>();
            device.getOrDefault(entity, List.of())
                    .forEach(r -> mine.put(r.path("id").asText(), r));
            for (String id : mine.keySet()) {
                if (!theirs.containsKey(id)) {
                    differences.add(entity + "/" + id + " is on the device, not on the server: " + mine.get(id));
                }
            }
            for (Map.Entry<String, JsonNode> entry : theirs.entrySet()) {
                ObjectNode record = mine.get(entry.getKey());
                if (record == null) {
                    differences.add(entity + "/" + entry.getKey() + " is on the server, not on the device: "
                            + entry.getValue());
                    continue;
                }
                List<String> fields = new ArrayList<>();
                type.fields().stream().map(FieldSpec::name).forEach(fields::add);
                fields.addAll(List.of("id", "createdAt", "updatedAt"));
                if (type.allowsCustomFields() && !customValues(record).equals(customValues(entry.getValue()))) {
                    differences.add(entity + "/" + entry.getKey() + ".custom: device " + customValues(record)
                            + ", server " + customValues(entry.getValue()));
                }
                for (String field : fields) {
                    String want = text(entry.getValue().get(field));
                    String got = text(record.get(field));
                    boolean same = field.endsWith("At") && want != null && got != null
                            ? Instant.parse(want).equals(Instant.parse(got))
                            : Objects.equals(want, got);
                    if (!same) {
                        differences.add(
                                entity + "/" + entry.getKey() + "." + field + ": device " + got + ", server " + want);
                    }
                }
            }
        }
        return differences.size() > 20 ? differences.subList(0, 20) : differences;
    }

    /** A record's custom values, by name, as text (none for a missing member). */
    private static Map<String, String> customValues(JsonNode record) {
        Map<String, String> values = new TreeMap<>();
        record.path(CustomValues.MEMBER).fields().forEachRemaining(value -> {
            if (!value.getValue().isNull()) {
                values.put(value.getKey(), text(value.getValue()));
            }
        });
        return values;
    }

    /** A JSON value as text for comparison: null for null or absent, numbers as whole numbers. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Long.toString(value.asLong());
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private void say(String line) {
        log.add(String.format("%3d %s", step, line));
    }

    private static String shortId(String id) {
        return id.substring(0, 8);
    }

    private String summary(int steps) {
        Map<FaultyTransport.Fault, Integer> faults = new TreeMap<>();
        for (Node node : nodes) {
            node.link.injected().forEach((fault, count) -> faults.merge(fault, count, Integer::sum));
        }
        return "seed=" + seed + " devices=" + nodes.size() + " steps=" + steps + " actions=" + actions + " writes="
                + ledger.kept().size() + " discarded=" + ledger.discardedCount() + " undeletes=" + undeletes
                + " keptMine=" + keptMine
                + " conflicts="
                + nodes.stream().mapToInt(n -> conflictsOf(n).size()).sum()
                + " cleanChecks=" + cleanChecks
                + " faults=" + faults;
    }

    private void closeAll() {
        for (Node node : nodes) {
            if (node.device != null) {
                try {
                    node.device.close();
                } catch (RuntimeException ignored) {
                    // already closed by a failed restart
                }
            }
        }
        extraDevices.forEach(device -> {
            try {
                device.close();
            } catch (RuntimeException ignored) {
                // nothing to do
            }
        });
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
