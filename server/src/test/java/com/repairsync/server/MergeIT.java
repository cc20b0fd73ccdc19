package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Hlc;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.RepairJob;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Field-level merge as the brief says, over real HTTP between two devices. */
class MergeIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    record Setup(Device desk, Device tablet, String ticket, String item) {}

    private static Setup setup() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        RepairJob job = RepairJob.create(desk);
        return new Setup(desk, shop.adminDevice("tablet"), job.ticketId(), job.itemId());
    }

    private static JsonNode ticket(Setup setup) {
        return setup.desk().pullAll(0).record("tickets", setup.ticket());
    }

    @Test
    void editsOfDifferentFieldsBothSurvive() {
        Setup setup = setup();
        ObjectNode byDesk = Mutations.upsert("tickets", setup.ticket())
                .field("status", "diagnosing")
                .hlc(setup.desk().nextHlc())
                .actor(setup.desk().employeeId())
                .build();
        ObjectNode byTablet = Mutations.upsert("tickets", setup.ticket())
                .field("notes", "customer wants a call")
                .hlc(setup.tablet().nextHlc())
                .actor(setup.tablet().employeeId())
                .build();
        setup.tablet().pushRaw(List.of(byTablet));
        setup.desk().pushRaw(List.of(byDesk));

        JsonNode ticket = ticket(setup);
        assertThat(ticket.get("status").asText()).isEqualTo("diagnosing");
        assertThat(ticket.get("notes").asText()).isEqualTo("customer wants a call");
    }

    @Test
    void sameFieldLaterHlcWinsInEveryOrderOfArrival() {
        List<String> statuses = List.of("diagnosing", "awaiting_parts", "in_repair");
        List<List<Integer>> orders = List.of(
                List.of(0, 1, 2),
                List.of(0, 2, 1),
                List.of(1, 0, 2),
                List.of(1, 2, 0),
                List.of(2, 0, 1),
                List.of(2, 1, 0));
        for (List<Integer> order : orders) {
            Setup setup = setup();
            long base = System.currentTimeMillis() + 1000; // after the ticket's creation
            List<ObjectNode> writes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Device device = i % 2 == 0 ? setup.desk() : setup.tablet();
                writes.add(Mutations.upsert("tickets", setup.ticket())
                        .field("status", statuses.get(i))
                        .hlc(new Hlc(base + i, 0, device.deviceId()))
                        .actor(device.employeeId())
                        .build());
            }
            for (int index : order) {
                Device device = index % 2 == 0 ? setup.desk() : setup.tablet();
                device.pushRaw(List.of(writes.get(index)));
            }
            assertThat(ticket(setup).get("status").asText())
                    .as("arrival order %s", order)
                    .isEqualTo("in_repair");
        }
    }

    @Test
    void equalClockTimesAreBrokenByDeviceId() {
        Setup setup = setup();
        long at = System.currentTimeMillis() + 1000; // after the ticket's creation
        List<Device> devices = new ArrayList<>(List.of(setup.desk(), setup.tablet()));
        Collections.sort(devices, (a, b) -> a.deviceId().compareTo(b.deviceId()));
        Device higher = devices.get(1);
        Device lower = devices.get(0);
        higher.pushRaw(List.of(Mutations.upsert("tickets", setup.ticket())
                .field("priority", "urgent")
                .hlc(new Hlc(at, 0, higher.deviceId()))
                .actor(higher.employeeId())
                .build()));
        JsonNode lost = lower.pushRaw(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("priority", "low")
                        .hlc(new Hlc(at, 0, lower.deviceId()))
                        .actor(lower.employeeId())
                        .build()))
                .body()
                .get("results")
                .get(0);
        assertThat(ticket(setup).get("priority").asText()).isEqualTo("urgent");
        assertThat(lost.get("status").asText()).isEqualTo("applied");
        assertThat(lost.get("superseded").toString()).isEqualTo("[\"priority\"]");
    }

    @Test
    void deleteWinsOverAConcurrentLaterEdit() {
        Setup setup = setup();
        Hlc deleteAt = setup.desk().nextHlc();
        Hlc editAt = new Hlc(deleteAt.millis() + 1000, 0, setup.tablet().deviceId());
        setup.desk()
                .pushRaw(List.of(Mutations.delete("tickets", setup.ticket())
                        .hlc(deleteAt)
                        .actor(setup.desk().employeeId())
                        .build()));
        setup.tablet()
                .pushRaw(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("notes", "edited offline")
                        .hlc(editAt)
                        .actor(setup.tablet().employeeId())
                        .build()));

        Device.Snapshot snapshot = setup.desk().pullAll(0);
        JsonNode change = snapshot.changes().get("tickets/" + setup.ticket());
        assertThat(change.get("deleted").asBoolean()).isTrue();
        assertThat(change.get("record").isNull()).isTrue();
    }

    @Test
    void editThenDeleteInEitherOrderEndsDeleted() {
        Setup setup = setup();
        ObjectNode edit = Mutations.upsert("tickets", setup.ticket())
                .field("notes", "edit")
                .hlc(setup.tablet().nextHlc())
                .actor(setup.tablet().employeeId())
                .build();
        ObjectNode delete = Mutations.delete("tickets", setup.ticket())
                .hlc(setup.desk().nextHlc())
                .actor(setup.desk().employeeId())
                .build();
        setup.tablet().pushRaw(List.of(edit));
        setup.desk().pushRaw(List.of(delete));
        assertThat(setup.desk()
                        .pullAll(0)
                        .changes()
                        .get("tickets/" + setup.ticket())
                        .get("deleted")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void twoTechniciansTakingOnePartEachFromFiveLeaveThree() {
        Setup setup = setup();
        setup.desk().pushOk(List.of(Mutations.adjust("inventoryItems", setup.item(), "quantity", -1)));
        setup.tablet().pushOk(List.of(Mutations.adjust("inventoryItems", setup.item(), "quantity", -1)));
        assertThat(setup.desk()
                        .pullAll(0)
                        .record("inventoryItems", setup.item())
                        .get("quantity")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void settingACounterOnAnExistingItemIsRefused() {
        Setup setup = setup();
        JsonNode result = setup.desk()
                .push(List.of(Mutations.upsert("inventoryItems", setup.item()).field("quantity", 99)))
                .body()
                .get("results")
                .get(0);
        assertThat(result.get("status").asText()).isEqualTo("rejected");
        assertThat(result.get("code").asText()).isEqualTo("invalid_field");
        assertThat(result.get("field").asText()).isEqualTo("quantity");
    }

    @Test
    void hlcFarInTheFutureIsRejectedAsClockSkew() {
        Setup setup = setup();
        Hlc future = new Hlc(
                System.currentTimeMillis() + 2 * 3_600_000L, 0, setup.desk().deviceId());
        JsonNode result = setup.desk()
                .push(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("notes", "x")
                        .hlc(future)))
                .body()
                .get("results")
                .get(0);
        assertThat(result.get("code").asText()).isEqualTo("clock_skew");
        assertThat(result.get("field").asText()).isEqualTo("hlc");
        assertThat(ticket(setup).get("notes").isNull()).isTrue();
    }

    @Test
    void serverClockAdvancesPastReceivedHlcs() {
        Setup setup = setup();
        Hlc ahead = new Hlc(System.currentTimeMillis() + 60_000, 7, setup.desk().deviceId());
        JsonNode body = setup.desk()
                .push(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("notes", "x")
                        .hlc(ahead)))
                .body();
        assertThat(Hlc.parse(body.get("serverHlc").asText())).isGreaterThan(ahead);
    }

    @Test
    void aWriteThatChangesNothingTakesNoSequenceNumber() {
        Setup setup = setup();
        long cursor = setup.desk().pullAll(0).cursor();
        Hlc old = new Hlc(1_000, 0, setup.tablet().deviceId());
        JsonNode lost = setup.tablet()
                .push(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("problem", "stale")
                        .hlc(old)))
                .body();
        assertThat(lost.get("results").get(0).get("status").asText()).isEqualTo("applied");
        assertThat(lost.get("results").get(0).get("superseded").toString()).isEqualTo("[\"problem\"]");
        assertThat(lost.get("cursor").asLong()).isEqualTo(cursor);
        assertThat(setup.desk().pull("cursor=" + cursor).body().get("changes")).isEmpty();
    }

    @Test
    void aWriteToADeletedRecordReportsEveryFieldAsSuperseded() {
        Setup setup = setup();
        setup.desk().pushOk(List.of(Mutations.delete("tickets", setup.ticket())));
        JsonNode result = setup.tablet()
                .push(List.of(Mutations.upsert("tickets", setup.ticket())
                        .field("status", "ready")
                        .field("notes", "done")))
                .body()
                .get("results")
                .get(0);
        assertThat(result.get("status").asText()).isEqualTo("applied");
        assertThat(result.get("superseded").toString()).isEqualTo("[\"notes\",\"status\"]");
    }

    /**
     * An upsert that says it edits ({@code create: false}) never makes the record: after a restore
     * the edit of another device may arrive before the record's create, and made into a create it
     * would stamp every field with the edit's HLC, hiding the create's values for good.
     */
    @Test
    void anEditOfARecordTheServerLacksWaitsForItsCreateAndTheCreateThenSetsEveryOtherField() {
        Setup setup = setup();
        String customer = java.util.UUID.randomUUID().toString();
        Hlc created = setup.desk().nextHlc();
        // The tablet saw the create, so its edit's HLC is later (two devices' clocks may tie to the millisecond).
        Hlc edited = new Hlc(created.millis() + 1_000, 0, setup.tablet().deviceId());
        ObjectNode edit = Mutations.upsert("customers", customer)
                .field("firstName", "Ada")
                .hlc(edited)
                .actor(setup.tablet().employeeId())
                .build()
                .put("create", false);
        JsonNode refused =
                setup.tablet().pushRaw(List.of(edit)).body().get("results").get(0);
        assertThat(refused.get("status").asText()).isEqualTo("rejected");
        assertThat(refused.get("code").asText()).isEqualTo("unknown_record");
        assertThat(setup.desk().pullAll(0).record("customers", customer)).isNull();

        ObjectNode create = Mutations.upsert("customers", customer)
                .field("firstName", "Grace")
                .field("phone", "555-0100")
                .hlc(created)
                .actor(setup.desk().employeeId())
                .build()
                .put("create", true);
        setup.desk().pushRaw(List.of(create));
        setup.tablet()
                .pushRaw(List.of(
                        edit.put("mutationId", java.util.UUID.randomUUID().toString())));

        JsonNode record = setup.desk().pullAll(0).record("customers", customer);
        assertThat(record.get("firstName").asText()).isEqualTo("Ada");
        assertThat(record.get("phone").asText()).as("the create's other fields").isEqualTo("555-0100");
    }

    @Test
    void anUpsertThatDoesNotSayStillCreatesAsDevicesBeforeVersion3Expect() {
        Setup setup = setup();
        String customer = java.util.UUID.randomUUID().toString();
        setup.desk().pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "Ada")));
        assertThat(setup.desk()
                        .pullAll(0)
                        .record("customers", customer)
                        .get("firstName")
                        .asText())
                .isEqualTo("Ada");
    }

    @Test
    void aCreateMemberThatIsNotABooleanOrIsOnAnotherOpIsRefusedNamingIt() {
        Setup setup = setup();
        ObjectNode text = Mutations.upsert(
                        "customers", java.util.UUID.randomUUID().toString())
                .field("firstName", "Ada")
                .actor(setup.desk().employeeId())
                .hlc(setup.desk().nextHlc())
                .build()
                .put("create", "yes");
        ObjectNode onDelete = Mutations.delete("tickets", setup.ticket())
                .actor(setup.desk().employeeId())
                .hlc(setup.desk().nextHlc())
                .build()
                .put("create", true);
        JsonNode results = setup.desk().pushRaw(List.of(text, onDelete)).body().get("results");
        assertThat(results.get(0).get("code").asText()).isEqualTo("validation_failed");
        assertThat(results.get(0).get("field").asText()).isEqualTo("create");
        assertThat(results.get(1).get("code").asText()).isEqualTo("invalid_field");
        assertThat(results.get(1).get("field").asText()).isEqualTo("create");
        assertThat(ticket(setup).path("id").asText())
                .as("the delete did not apply")
                .isEqualTo(setup.ticket());
    }
}
