package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Undelete is wire version 6: a version 5 device may not send a restore (it would not know what it
 * did), and receives a tombstone without values as before; a version 6 device restores, and
 * receives tombstones with the values the record had. Both receive the restored record live.
 */
class RestoreVersionsIT {
    private static final int BEFORE_RESTORE = 5;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aRestoreNeedsVersionSixAndEveryVersionReceivesTheRecordLiveAgain() {
        Device office = server.createShop().adminDevice("office");
        String customer = UUID.randomUUID().toString();
        push(office, Versioned.CURRENT, Mutations.upsert("customers", customer).field("firstName", "Ada"));
        long beforeDelete = office.pullAll(0).cursor();
        push(office, Versioned.CURRENT, Mutations.delete("customers", customer));

        JsonNode oldTombstone = change(office, BEFORE_RESTORE, beforeDelete, customer);
        assertThat(oldTombstone.path("deleted").asBoolean()).isTrue();
        assertThat(oldTombstone.path("record").isNull()
                        || oldTombstone.path("record").isMissingNode())
                .as("a version 5 tombstone carries no values: %s", oldTombstone)
                .isTrue();
        JsonNode tombstone = change(office, Versioned.CURRENT, beforeDelete, customer);
        assertThat(tombstone.path("deleted").asBoolean()).isTrue();
        assertThat(tombstone.path("record").path("firstName").asText()).isEqualTo("Ada");

        JsonHttp.Response old = Versioned.pushRaw(
                server, office, BEFORE_RESTORE, List.of(Versioned.restoreWire(office, "customers", customer)));
        JsonNode refused = old.body().path("results").get(0);
        assertThat(refused.path("status").asText()).as("%s", old).isEqualTo("rejected");
        assertThat(refused.path("code").asText()).isEqualTo("validation_failed");
        assertThat(refused.path("field").asText()).isEqualTo("op");
        long afterDelete = office.pullAll(0).cursor();

        JsonHttp.Response restored = Versioned.pushRaw(
                server, office, Versioned.CURRENT, List.of(Versioned.restoreWire(office, "customers", customer)));
        assertThat(restored.body().path("results").get(0).path("status").asText())
                .as("%s", restored)
                .isEqualTo("applied");
        for (int version : new int[] {BEFORE_RESTORE, Versioned.CURRENT}) {
            JsonNode live = change(office, version, afterDelete, customer);
            assertThat(live.path("deleted").asBoolean())
                    .as("version %s: %s", version, live)
                    .isFalse();
            assertThat(live.path("record").path("firstName").asText()).isEqualTo("Ada");
        }
    }

    private static void push(Device device, int protocol, Mutations mutation) {
        JsonHttp.Response response = Versioned.push(server, device, protocol, List.of(mutation));
        assertThat(response.body().path("results").get(0).path("status").asText())
                .as("%s", response)
                .isEqualTo("applied");
    }

    /** The record's change in a pull after {@code cursor} by a device of that wire version. */
    private static JsonNode change(Device device, int protocol, long cursor, String recordId) {
        JsonHttp.Response page = Versioned.get(server, device, "/v1/sync/pull?cursor=" + cursor, protocol);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        for (JsonNode change : page.body().path("changes")) {
            if (change.path("recordId").asText().equals(recordId)) {
                return change;
            }
        }
        throw new AssertionError("no change of " + recordId + " after " + cursor + ": " + page);
    }
}
