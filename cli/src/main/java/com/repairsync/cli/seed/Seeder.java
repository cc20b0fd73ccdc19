package com.repairsync.cli.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.TimeOrderedIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fills a shop with sample data through the sync API, as one more device of the shop would: creates
 * are pushed in full batches, in an order where every record comes after the records it names.
 * Every mutation must come back applied; anything else stops the seeding with the server's reason.
 */
public final class Seeder {
    private static final ObjectMapper JSON = JsonMappers.shared();

    /** How much to make: employees and items once, then per customer their tickets, parts and appointments. */
    public record Counts(
            int employees, int items, int customers, double ticketsPerCustomer, double appointmentsPerCustomer) {
        /** About how many records these counts make. */
        public long estimate() {
            double tickets = customers * ticketsPerCustomer;
            return employees
                    + items
                    + customers
                    + Math.round(tickets * 2)
                    + Math.round(customers * appointmentsPerCustomer);
        }
    }

    /** What was made, per entity, and the ids of the first records (for demos and tests). */
    public record Result(
            Map<String, Integer> created,
            long total,
            long millis,
            List<String> someCustomerIds,
            List<String> itemIds) {}

    private final SyncTransport transport;
    private final SyncTransport.Session session;
    private final HlcClock hlc;
    private final int batchSize;
    private final List<Mutation> batch = new ArrayList<>();
    private final Map<String, Integer> created = new LinkedHashMap<>();
    private long total;

    /**
     * @param transport a transport that sends the session's tokens (and refreshes them), such as one
     *     made with the {@link com.repairsync.client.transport.SessionTokens} that signed in
     * @param session the sign-in whose employee and device the records are made by
     */
    public Seeder(SyncTransport transport, SyncTransport.Session session, Clock clock, int batchSize) {
        this.transport = transport;
        this.session = session;
        this.hlc = new HlcClock(clock, session.deviceId());
        this.batchSize = batchSize;
    }

    /**
     * Makes the records and reports progress (records sent so far) after every batch.
     *
     * @throws IllegalStateException with the server's reason if a mutation is not applied
     */
    public Result seed(SampleData data, Counts counts, Consumer<Long> progress) {
        long started = System.nanoTime();
        List<String> technicians = new ArrayList<>();
        technicians.add(session.employeeId());
        for (int i = 0; i < counts.employees(); i++) {
            Map<String, Object> employee = data.employee(i);
            String id = create("employees", employee, progress);
            if ("technician".equals(employee.get("role"))) {
                technicians.add(id);
            }
        }
        for (String entity : SampleData.CUSTOM_FIELD_ENTITIES) {
            for (Map<String, Object> declaration : data.customFieldDeclarations(entity)) {
                create(
                        "customFields",
                        com.repairsync.protocol.schema.CustomField.recordId(entity, (String) declaration.get("name")),
                        declaration,
                        progress);
            }
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < counts.items(); i++) {
            items.add(create("inventoryItems", data.item(i), progress));
        }
        List<String> someCustomers = new ArrayList<>();
        double ticketDebt = 0;
        double appointmentDebt = 0;
        for (int c = 0; c < counts.customers(); c++) {
            String customer = create("customers", data.customer(), progress);
            if (someCustomers.size() < 20) {
                someCustomers.add(customer);
            }
            String lastTicket = null;
            for (ticketDebt += counts.ticketsPerCustomer(); ticketDebt >= 1; ticketDebt--) {
                String technician = technicians.get(data.nextInt(technicians.size()));
                lastTicket = create("tickets", data.ticket(customer, technician), progress);
                if (!items.isEmpty()) {
                    create("ticketParts", data.part(lastTicket, items.get(data.nextInt(items.size()))), progress);
                }
            }
            for (appointmentDebt += counts.appointmentsPerCustomer(); appointmentDebt >= 1; appointmentDebt--) {
                String employee = technicians.get(data.nextInt(technicians.size()));
                create("appointments", data.appointment(customer, lastTicket, employee), progress);
            }
        }
        flush(progress);
        return new Result(Map.copyOf(created), total, (System.nanoTime() - started) / 1_000_000, someCustomers, items);
    }

    private String create(String entity, Map<String, Object> fields, Consumer<Long> progress) {
        return create(entity, TimeOrderedIds.newId(), fields, progress);
    }

    private String create(String entity, String id, Map<String, Object> fields, Consumer<Long> progress) {
        ObjectNode wire = JSON.valueToTree(fields);
        batch.add(new Mutation(
                TimeOrderedIds.newId(),
                entity,
                id,
                "upsert",
                wire,
                null,
                hlc.now().toString(),
                session.employeeId(),
                null,
                null,
                true));
        created.merge(entity, 1, Integer::sum);
        if (batch.size() >= batchSize) {
            flush(progress);
        }
        return id;
    }

    /**
     * Pushes one batch: a busy server is asked again (the same mutation ids, so nothing applies
     * twice) a few times with growing pauses. The transport's token source refreshes an expired
     * access token.
     */
    private PushResponse push(PushRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transport.push(request);
            } catch (com.repairsync.client.transport.ServerBusyException busy) {
                if (attempt >= 5) {
                    throw busy;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    private void flush(Consumer<Long> progress) {
        if (batch.isEmpty()) {
            return;
        }
        PushResponse response = push(new PushRequest(session.deviceId(), List.copyOf(batch)));
        for (PushResult result : response.results()) {
            // A retry after a 503 may be answered with duplicates: what counts is how each first ended.
            if (result.outcome() != MutationStatus.APPLIED) {
                throw new IllegalStateException("the server did not apply a sample record: " + result);
            }
        }
        total += batch.size();
        batch.clear();
        progress.accept(total);
    }
}
