package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device narrows its download by entity and appointments by date; pages and cursors stay exact. */
class PullNarrowingIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static List<String> ids(JsonHttp.Response response) {
        assertThat(response.status()).as("pull %s", response).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body()
                .get("changes")
                .forEach(change -> ids.add(change.get("recordId").asText()));
        return ids;
    }

    @Test
    void appointmentsAreNarrowedByStartTimeAndOtherEntitiesByName() {
        Device desk = server.createShop().adminDevice("desk");
        String customer = UUID.randomUUID().toString();
        String monday = UUID.randomUUID().toString();
        String tuesday = UUID.randomUUID().toString();
        String nextWeek = UUID.randomUUID().toString();
        desk.pushOk(List.of(
                Mutations.upsert("customers", customer).field("firstName", "Pat"),
                appointment(monday, customer, "2026-11-23T09:00:00Z"),
                appointment(tuesday, customer, "2026-11-24T17:30:00Z"),
                appointment(nextWeek, customer, "2026-11-30T09:00:00Z")));

        List<String> thisWeek = ids(desk.pull("cursor=0&entities=appointments"
                + "&appointmentsFrom=2026-11-23T00:00:00Z&appointmentsTo=2026-11-30T00:00:00Z"));
        assertThat(thisWeek).containsExactly(monday, tuesday);

        JsonHttp.Response customersOnly = desk.pull("cursor=0&entities=customers");
        assertThat(ids(customersOnly)).containsExactly(customer);
        assertThat(customersOnly.body().get("cursor").asLong())
                .as("the cursor passes over filtered-out changes")
                .isEqualTo(5);

        List<String> everything = ids(desk.pull("cursor=0"));
        assertThat(everything).contains(customer, monday, tuesday, nextWeek);
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeats() {
        Device desk = server.createShop().adminDevice("desk");
        List<Mutations> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "N" + i));
        }
        desk.pushOk(batch);
        long cursor = 0;
        List<Long> seqs = new ArrayList<>();
        int pages = 0;
        while (true) {
            JsonNode page = desk.pull("cursor=" + cursor + "&limit=7").body();
            page.get("changes").forEach(change -> seqs.add(change.get("seq").asLong()));
            cursor = page.get("cursor").asLong();
            pages++;
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seqs).hasSize(26).doesNotHaveDuplicates().isSorted();
        assertThat(cursor).isEqualTo(26);
        assertThat(ids(desk.pull("cursor=" + cursor))).isEmpty();
    }

    private static Mutations appointment(String id, String customer, String startsAt) {
        return Mutations.upsert("appointments", id)
                .field("customerId", customer)
                .field("type", "drop_off")
                .field("startsAt", startsAt);
    }
}
