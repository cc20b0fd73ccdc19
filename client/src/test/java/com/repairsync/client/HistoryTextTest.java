package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryEntry.FieldChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** History entries read as sentences: names, money, counters, secrets, erased values, times. */
class HistoryTextTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ADA = "0190a1b2-0000-7000-8000-00000000ada1";
    private static final String DESK = "0190a1b2-0000-7000-8000-00000000de51";
    private static final String TABLET = "0190a1b2-0000-7000-8000-0000000ab1e7";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T15:00:00Z"), ZoneId.of("Europe/Berlin"));

    private final HistoryText text = new HistoryText(
            id -> Optional.ofNullable(Map.of(ADA, "Ada Lovelace").get(id)),
            id -> Optional.ofNullable(Map.of(DESK, "Front desk").get(id)),
            CLOCK);

    @Test
    void anEditReadsAsWhoChangedWhatOnWhichDeviceAndWhen() {
        HistoryEntry entry = entry(
                "tickets",
                "update",
                DESK,
                "2026-12-02T09:42:00.000Z",
                FieldChange.set("estimateCents", JSON.numberNode(12000), JSON.numberNode(14900)));

        assertThat(text.sentence(entry))
                .isEqualTo("Ada Lovelace changed estimate from 120.00 to 149.00 on Front desk, 10:42");
    }

    @Test
    void severalFieldsAreJoinedAndEachTypeReadsAsPeopleSayIt() {
        HistoryEntry entry = entry(
                "tickets",
                "update",
                DESK,
                "2026-12-02T09:42:00.000Z",
                FieldChange.set("status", JSON.textNode("diagnosing"), JSON.textNode("in_repair")),
                FieldChange.set("assignedEmployeeId", JSON.nullNode(), JSON.textNode(ADA)),
                FieldChange.set("dueAt", JSON.nullNode(), JSON.textNode("2025-03-04T08:00:00.000Z")),
                FieldChange.set("deviceModel", JSON.textNode("iPhone 12"), JSON.nullNode()));

        assertThat(text.what(entry))
                .isEqualTo("changed status from diagnosing to in repair, set assigned employee to Ada Lovelace,"
                        + " set due at to 4 Mar 2025, 09:00 and cleared device model (was \"iPhone 12\")");
    }

    @Test
    void countersShowTheirDeltaAndResult() {
        HistoryEntry up = entry(
                "inventoryItems",
                "adjust",
                DESK,
                "2026-12-01T09:42:00.000Z",
                FieldChange.adjusted("quantity", 3, JSON.numberNode(12)));
        HistoryEntry down = entry(
                "inventoryItems",
                "adjust",
                DESK,
                "2026-12-01T09:42:00.000Z",
                FieldChange.adjusted("quantity", -2, JSON.numberNode(10)));

        assertThat(text.sentence(up)).isEqualTo("Ada Lovelace adjusted quantity +3 → 12 on Front desk, 1 Dec, 10:42");
        assertThat(text.what(down)).isEqualTo("adjusted quantity -2 → 10");
    }

    @Test
    void secretsOnlyChangeAndErasedValuesAreNotShown() {
        HistoryEntry pin =
                entry("employees", "update", TABLET, "2026-12-02T09:42:00.000Z", FieldChange.secret("pinHash"));
        HistoryEntry erased = entry(
                "customers",
                "update",
                DESK,
                "2026-12-02T09:42:00.000Z",
                FieldChange.erasedField("phone"),
                FieldChange.erasedField("firstName"));

        assertThat(text.sentence(pin)).isEqualTo("Ada Lovelace changed the PIN on device 0190a1b2, 10:42");
        assertThat(text.what(erased)).isEqualTo("phone erased and first name erased");
    }

    @Test
    void recordOpsReadAsWhatHappenedToTheRecord() {
        assertThat(text.what(entry("ticketParts", "create", DESK, "2026-12-02T09:42:00.000Z")))
                .isEqualTo("created this ticket part");
        assertThat(text.what(entry("inventoryItems", "delete", DESK, "2026-12-02T09:42:00.000Z")))
                .isEqualTo("deleted this inventory item");
        assertThat(text.what(entry("tickets", "restore", DESK, "2026-12-02T09:42:00.000Z")))
                .isEqualTo("restored this ticket");
        assertThat(text.what(entry("customers", "erase", null, "2026-12-02T09:42:00.000Z")))
                .isEqualTo("erased this customer's personal details");
        assertThat(text.sentence(entry("employees", "password", null, "2025-06-02T09:42:00.000Z")))
                .as("no device: done through the server; another year shows it")
                .isEqualTo("Ada Lovelace set the sign-in password, 2 Jun 2025, 11:42");
    }

    @Test
    void unknownPeopleDevicesAndFieldsStillRead() {
        HistoryEntry entry = new HistoryEntry(
                7,
                "tickets",
                "t1",
                "update",
                "0190ffff-0000-7000-8000-000000000000",
                null,
                "hlc",
                "2026-12-02T09:42:00.000Z",
                List.of(
                        FieldChange.set("warrantyCode", JSON.textNode("A"), JSON.textNode("B")),
                        FieldChange.set("notes", JSON.nullNode(), JSON.textNode("x".repeat(100)))));

        assertThat(text.sentence(entry))
                .isEqualTo("employee 0190ffff changed warranty code from \"A\" to \"B\" and set notes to \""
                        + "x".repeat(HistoryText.LONGEST_VALUE - 1) + "…\", 10:42");
    }

    @Test
    void devicesOfTheShopsListAreNamedToo() {
        ShopDevice tablet = new ShopDevice(TABLET, "Bench tablet", ADA, null, null, null, null, false, null, false, 0);
        HistoryText named = text.withDevices(List.of(tablet));

        assertThat(named.device(TABLET)).isEqualTo("Bench tablet");
        assertThat(named.device(DESK)).isEqualTo("Front desk");
        assertThat(HistoryText.money(5)).isEqualTo("0.05");
        assertThat(HistoryText.money(-12345)).isEqualTo("-123.45");
    }

    private static HistoryEntry entry(String entity, String op, String device, String at, FieldChange... changes) {
        return new HistoryEntry(1, entity, "r1", op, ADA, device, "hlc", at, List.of(changes));
    }
}
