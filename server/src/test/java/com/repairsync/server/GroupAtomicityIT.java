package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.RepairJob;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A ticket part and its stock adjustment apply together or not at all. */
class GroupAtomicityIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    record Bench(Device admin, Device tech, String ticket, String item) {}

    private static Bench bench() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        RepairJob job = RepairJob.create(admin);
        return new Bench(admin, tech, job.ticketId(), job.itemId());
    }

    @Test
    void partAndStockAdjustmentApplyTogether() {
        Bench bench = bench();
        String part = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        bench.tech()
                .pushOk(List.of(
                        Mutations.upsert("ticketParts", part)
                                .field("ticketId", bench.ticket())
                                .field("inventoryItemId", bench.item())
                                .field("quantity", 2)
                                .field("unitPriceCents", 4999)
                                .group(group),
                        Mutations.adjust("inventoryItems", bench.item(), "quantity", -2)
                                .group(group)));
        Device.Snapshot state = bench.admin().pullAll(0);
        assertThat(state.record("ticketParts", part).get("quantity").asLong()).isEqualTo(2);
        assertThat(state.record("inventoryItems", bench.item()).get("quantity").asLong())
                .isEqualTo(3);
    }

    @Test
    void aRejectedMemberUndoesTheWholeGroupButNotOtherMutations() {
        Bench bench = bench();
        String part = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        JsonNode results = bench.admin()
                .push(List.of(
                        Mutations.upsert("ticketParts", part)
                                .field("ticketId", bench.ticket())
                                .field("inventoryItemId", bench.item())
                                .field("quantity", 1)
                                .group(group),
                        Mutations.upsert("customers", customer).field("firstName", "Unrelated"),
                        Mutations.adjust("inventoryItems", bench.item(), "quantity", -1)
                                .field("quantity", 1) // an adjust may not carry fields: rejected
                                .group(group)))
                .body()
                .get("results");

        assertThat(results.get(0).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(0).get("code").asText()).isEqualTo("group_failed");
        assertThat(results.get(1).get("status").asText()).isEqualTo("applied");
        assertThat(results.get(2).get("code").asText()).isEqualTo("invalid_field");

        Device.Snapshot state = bench.admin().pullAll(0);
        assertThat(state.record("ticketParts", part)).isNull();
        assertThat(state.record("inventoryItems", bench.item()).get("quantity").asLong())
                .isEqualTo(5);
        assertThat(state.record("customers", customer)).isNotNull();
        assertThat(state.seqs()).doesNotHaveDuplicates();
        assertThat(state.cursor()).isEqualTo(results.get(1).get("seq").asLong());
    }

    @Test
    void aRecordCreatedInARolledBackGroupIsUnknownToTheRestOfTheBatch() {
        Bench bench = bench();
        String group = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        String ticket = UUID.randomUUID().toString();
        JsonNode results = bench.admin()
                .push(List.of(
                        Mutations.upsert("customers", customer)
                                .field("firstName", "Rolled")
                                .group(group),
                        Mutations.adjust("inventoryItems", bench.item(), "quantity", -1)
                                .field("quantity", 1) // an adjust may not carry fields: rejected
                                .group(group),
                        Mutations.upsert("tickets", ticket)
                                .field("customerId", customer)
                                .field("deviceType", "phone")
                                .field("problem", "names the rolled-back customer")))
                .body()
                .get("results");

        assertThat(results.get(0).get("code").asText()).isEqualTo("group_failed");
        assertThat(results.get(2).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(2).get("code").asText()).isEqualTo("unknown_record");
        assertThat(results.get(2).get("field").asText()).isEqualTo("customerId");
        Device.Snapshot state = bench.admin().pullAll(0);
        assertThat(state.record("customers", customer)).isNull();
        assertThat(state.record("tickets", ticket)).isNull();
    }

    @Test
    void aGroupRejectedOnceStaysRejectedOnRetry() {
        Bench bench = bench();
        String group = UUID.randomUUID().toString();
        var bad = List.of(
                Mutations.upsert("ticketParts", UUID.randomUUID().toString())
                        .field("ticketId", UUID.randomUUID().toString())
                        .field("inventoryItemId", bench.item())
                        .field("quantity", 1)
                        .group(group),
                Mutations.adjust("inventoryItems", bench.item(), "quantity", -1).group(group));
        JsonNode first = bench.tech().push(bad).body().get("results");
        assertThat(first.get(0).get("code").asText()).isEqualTo("unknown_record");
        assertThat(first.get(0).get("field").asText()).isEqualTo("ticketId");
        assertThat(first.get(1).get("code").asText()).isEqualTo("group_failed");

        JsonNode retried = bench.tech().push(bad).body().get("results");
        for (JsonNode result : retried) {
            assertThat(result.get("status").asText()).isEqualTo("duplicate");
            assertThat(result.get("firstStatus").asText()).isEqualTo("rejected");
        }
        assertThat(retried.get(0).get("code").asText()).isEqualTo("unknown_record");
        assertThat(bench.admin()
                        .pullAll(0)
                        .record("inventoryItems", bench.item())
                        .get("quantity")
                        .asLong())
                .isEqualTo(5);
    }
}
