package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.records.CustomFields;
import com.repairsync.client.records.NewCustomField;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.records.NewTicket;
import com.repairsync.client.records.Ticket;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.Visibility;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shop's own fields on the device (wire version 8): declarations written and read through {@link
 * CustomFields}, values checked against them before anything is queued, sent in the {@code custom}
 * member naming only what changed, a change the server does not know yet kept queued, and what a
 * newer server sends kept as it came.
 */
class CustomFieldsTest {
    @TempDir
    Path dir;

    private final ScriptedTransport server = new ScriptedTransport();
    private RepairSyncDevice device;
    private String customer;

    @BeforeEach
    void join() {
        device = server.joinedDevice(dir.resolve("device.db"), 100);
        customer = device.customers().create(new NewCustomer("Ada"));
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void declaredFieldsAreListedInFormOrderAndTheirValuesWrittenAndRead() {
        CustomFields fields = device.customFields();
        CustomField accessories = fields.declare(NewCustomField.of("tickets", "accessories", CustomFieldType.TEXT)
                .label("Accessories left"));
        fields.declare(NewCustomField.of("tickets", "waterDamage", CustomFieldType.YES_NO)
                .label("Water damage"));
        fields.declare(NewCustomField.of("tickets", "condition", CustomFieldType.CHOICE)
                .choices(List.of("new", "used"))
                .managersOnly());
        fields.declare(NewCustomField.of("tickets", "warrantyUntil", CustomFieldType.DATE));

        assertThat(accessories.id()).isEqualTo(CustomField.recordId("tickets", "accessories"));
        assertThat(fields.active("tickets"))
                .extracting(CustomField::name)
                .containsExactly("accessories", "waterDamage", "condition", "warrantyUntil");
        assertThat(fields.find("tickets", "condition").orElseThrow().visibility())
                .isEqualTo(Visibility.MANAGERS);
        assertThat(fields.active("customers")).isEmpty();

        String ticket = device.tickets()
                .create(new NewTicket(customer, "phone", "cracked screen")
                        .custom("accessories", "charger, case")
                        .custom("waterDamage", true)
                        .custom("warrantyUntil", LocalDate.of(2027, 3, 1)));
        device.tickets().update(ticket, c -> c.custom("condition", "used").custom("waterDamage", null));

        Ticket read = device.tickets().get(ticket).orElseThrow();
        assertThat(read.custom().asMap())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("accessories", "charger, case", "condition", "used", "warrantyUntil", "2027-03-01"));
        assertThat(read.custom().text("accessories")).contains("charger, case");
        assertThat(read.custom().get("waterDamage")).isNull();
        assertThat(device.customers().get(customer).orElseThrow().custom().isEmpty())
                .isTrue();

        device.syncNow();
        ObjectNode edit = ticketMutations().get(1).fields();
        assertThat(edit.toString())
                .as("an edit sends only the custom values it changes, in the custom member")
                .isEqualTo("{\"custom\":{\"condition\":\"used\",\"waterDamage\":null}}");
        assertThat(device.tickets().get(ticket).orElseThrow().custom())
                .as("acknowledged, the record keeps every value")
                .isEqualTo(read.custom());
    }

    @Test
    void theMapApiTakesACustomMember() {
        device.customFields().declare(NewCustomField.of("customers", "loyaltyPoints", CustomFieldType.NUMBER));
        String id = device.customers().create(Map.of("firstName", "Bob", "custom", Map.of("loyaltyPoints", 12)));
        device.customers().update(id, Map.of("custom", Map.of("loyaltyPoints", 13L)));
        assertThat(device.customers().get(id).orElseThrow().custom().number("loyaltyPoints"))
                .contains(13L);
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndNothingIsQueued() {
        device.customFields()
                .declare(NewCustomField.of("tickets", "condition", CustomFieldType.CHOICE)
                        .choices(List.of("new", "used")));
        device.customFields().declare(NewCustomField.of("tickets", "pieces", CustomFieldType.NUMBER));
        int queued = device.syncState().pendingCount();

        assertRefused(() -> new NewTicket(customer, "phone", "x").custom("pieces", "three"), "custom.pieces");
        assertRefused(() -> new NewTicket(customer, "phone", "x").custom("condition", "broken"), "custom.condition");
        assertRefused(() -> new NewTicket(customer, "phone", "x").custom("colour", "red"), "custom.colour");
        assertThatThrownBy(() -> device.appointments()
                        .create(Map.of(
                                "customerId",
                                customer,
                                "type",
                                "drop_off",
                                "startsAt",
                                java.time.Instant.parse("2026-11-24T10:00:00Z"),
                                "custom",
                                Map.of("x", "y"))))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class, e -> assertThat(e.field()).startsWith("custom"));
        assertThat(device.syncState().pendingCount()).isEqualTo(queued);
    }

    @Test
    void badDeclarationsAreRefusedNamingTheField() {
        CustomFields fields = device.customFields();
        assertDeclarationRefused(NewCustomField.of("appointments", "room", CustomFieldType.TEXT), "entity");
        assertDeclarationRefused(NewCustomField.of("tickets", "Bad name", CustomFieldType.TEXT), "name");
        assertDeclarationRefused(NewCustomField.of("tickets", "status", CustomFieldType.TEXT), "name");
        assertDeclarationRefused(NewCustomField.of("tickets", "colour", CustomFieldType.CHOICE), "choices");
        assertDeclarationRefused(
                NewCustomField.of("tickets", "colour", CustomFieldType.TEXT).choices(List.of("red")), "choices");
        fields.declare(NewCustomField.of("tickets", "colour", CustomFieldType.TEXT));
        assertDeclarationRefused(NewCustomField.of("tickets", "colour", CustomFieldType.TEXT), "name");
        assertThatThrownBy(() -> fields.addChoices("tickets", "colour", List.of("red")))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("choices"));
        assertThat(fields.all("tickets")).hasSize(1);
    }

    @Test
    void aRequiredFieldIsNeededOnCreateOnlyAndARemovedFieldKeepsItsValues() {
        CustomFields fields = device.customFields();
        fields.declare(NewCustomField.of("tickets", "passcode", CustomFieldType.TEXT));
        String before = device.tickets().create(new NewTicket(customer, "phone", "x"));
        fields.setRequired("tickets", "passcode", true);

        assertRefused(() -> new NewTicket(customer, "phone", "y"), "custom.passcode");
        device.tickets().update(before, c -> c.notes("an edit of an older ticket still works"));
        String after = device.tickets().create(new NewTicket(customer, "phone", "y").custom("passcode", "1234"));

        fields.remove("tickets", "passcode");
        assertThat(fields.active("tickets")).isEmpty();
        assertThat(fields.all("tickets")).extracting(CustomField::removed).containsExactly(true);
        device.tickets().create(new NewTicket(customer, "phone", "z")); // not required while removed
        device.tickets().update(after, c -> c.custom("passcode", "4321")); // still written
        assertThat(device.tickets().get(after).orElseThrow().custom().text("passcode"))
                .contains("4321");

        fields.restore("tickets", "passcode");
        fields.relabel("tickets", "passcode", "Passcode given");
        fields.move("tickets", "passcode", 3);
        CustomField restored = fields.find("tickets", "passcode").orElseThrow();
        assertThat(restored.removed()).isFalse();
        assertThat(restored.label()).isEqualTo("Passcode given");
        assertThat(restored.position()).isEqualTo(3);
    }

    @Test
    void choicesOnlyGrow() {
        CustomFields fields = device.customFields();
        fields.declare(NewCustomField.of("inventoryItems", "grade", CustomFieldType.CHOICE)
                .choices(List.of("A", "B")));
        fields.addChoices("inventoryItems", "grade", List.of("C", "A"));
        assertThat(fields.find("inventoryItems", "grade").orElseThrow().choices())
                .containsExactly("A", "B", "C");
    }

    @Test
    void aChangeTheServerDoesNotKnowYetStaysQueuedWithAClearStateWhileOthersGoOut() {
        device.customFields().declare(NewCustomField.of("tickets", "warrantyUntil", CustomFieldType.DATE));
        device.syncNow();
        String waiting =
                device.tickets().create(new NewTicket(customer, "phone", "x").custom("warrantyUntil", "2027-03-01"));
        String other = device.tickets().create(new NewTicket(customer, "tablet", "y"));
        server.refusalCode = ErrorCode.NOT_YET_KNOWN;
        server.refusedRecords.add(waiting);

        device.syncNow();

        assertThat(device.failedMutations()).isEmpty();
        assertThat(device.status("tickets", other)).isEqualTo(SyncStatus.SYNCED);
        assertThat(device.status("tickets", waiting)).isEqualTo(SyncStatus.PENDING);
        assertThat(device.syncState().waitingForServerUpdate()).isEqualTo(1);
        List<WaitingChange> changes = device.waitingForServerUpdate();
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.recordId()).isEqualTo(waiting);
            assertThat(change.reason()).startsWith("waiting for the server to be updated: it does not know tickets");
            assertThat(change.nextAttemptAt()).isAfter(change.since());
        });
        assertThat(device.tickets().get(waiting).orElseThrow().custom().text("warrantyUntil"))
                .contains("2027-03-01");
    }

    @Test
    void aServerBeforeCustomFieldsRefusingThemFinallyStillLeavesTheChangesWaitingNotFailed() {
        // A desk updated before its server (which serves wire 7 and answers as such a server does,
        // invalid_field and unknown_entity, final): what it cannot know waits for its update.
        device.customFields().declare(NewCustomField.of("tickets", "accessories", CustomFieldType.TEXT));
        String declaration = CustomField.recordId("tickets", "accessories");
        String ticket = device.tickets().create(new NewTicket(customer, "phone", "x").custom("accessories", "case"));
        String plain = device.tickets().create(new NewTicket(customer, "tablet", "y"));
        String refusedPlain = device.tickets().create(new NewTicket(customer, "laptop", "z"));
        server.serves = 7;
        server.refusalCode = ErrorCode.INVALID_FIELD;
        server.refusedRecords.addAll(List.of(declaration, ticket, refusedPlain));

        device.syncNow();

        assertThat(device.waitingForServerUpdate())
                .extracting(WaitingChange::recordId)
                .containsExactlyInAnyOrder(declaration, ticket);
        assertThat(device.status("tickets", plain)).isEqualTo(SyncStatus.SYNCED);
        // A change that names nothing newer than the server is a bug the server refused for good.
        assertThat(device.failedMutations())
                .extracting(FailedMutation::recordId)
                .containsExactly(refusedPlain);
    }

    @Test
    void whatANewerServerSendsIsKeptThroughAnEditAndItsAcknowledgement() {
        String id = "0190f0a0-0000-7000-8000-000000000001";
        server.willPull(
                "tickets",
                id,
                "{\"id\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"deviceType\":\"phone\","
                        + "\"problem\":\"x\",\"status\":\"checked_in\",\"priority\":\"normal\","
                        + "\"custom\":{\"fromTheFuture\":{\"nested\":1}},\"insuranceClaim\":\"IC-7\"}");
        server.willPull("loanerDevices", "0190f0a0-0000-7000-8000-000000000002", "{\"serial\":\"L-1\"}");
        device.syncNow();

        device.tickets().update(id, c -> c.notes("edited here"));
        device.syncNow();

        assertThat(device.tickets().get(id).orElseThrow().notes()).isEqualTo("edited here");
        String stored = storedRecord("tickets", id);
        assertThat(stored).contains("\"insuranceClaim\":\"IC-7\"").contains("\"fromTheFuture\"");
        assertThat(stored).contains("edited here");
        assertThat(storedRecord("loanerDevices", "0190f0a0-0000-7000-8000-000000000002"))
                .contains("L-1");
        assertThat(ticketMutations().get(0).fields().toString()).isEqualTo("{\"notes\":\"edited here\"}");

        // A newer state arrives while an edit waits: the view is the edit replayed over it, all kept.
        server.refusalCode = ErrorCode.NOT_YET_KNOWN;
        server.refusedRecords.add(id);
        device.tickets().update(id, c -> c.status("ready"));
        server.willPull(
                "tickets",
                id,
                "{\"id\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"deviceType\":\"phone\","
                        + "\"problem\":\"y\",\"status\":\"checked_in\",\"priority\":\"normal\","
                        + "\"notes\":\"edited here\",\"custom\":{\"fromTheFuture\":2},\"insuranceClaim\":\"IC-8\"}");
        device.syncNow();
        Ticket rebased = device.tickets().get(id).orElseThrow();
        assertThat(rebased.problem()).isEqualTo("y");
        assertThat(rebased.status()).isEqualTo("ready");
        assertThat(rebased.custom().number("fromTheFuture")).contains(2L);
        assertThat(storedRecord("tickets", id)).contains("\"insuranceClaim\":\"IC-8\"");
        assertThat(device.waitingForServerUpdate()).hasSize(1);
    }

    @Test
    void anErasedCustomerLosesItsCustomValuesEverywhereOnTheDevice() {
        device.customFields().declare(NewCustomField.of("customers", "loyaltyCard", CustomFieldType.TEXT));
        String id = device.customers().create(new NewCustomer("Grace").custom("loyaltyCard", "LC-1"));
        device.syncNow();
        server.refusedRecords.add(id); // the next edit waits in the failed queue, values and all
        device.customers().update(id, c -> c.phone("555-0100").custom("loyaltyCard", "LC-2"));
        device.syncNow();
        assertThat(device.failedMutations()).singleElement().satisfies(failed -> assertThat(failed.fields())
                .containsKey("custom"));

        server.willPull(
                "customers",
                id,
                "{\"id\":\"" + id + "\",\"firstName\":\"erased\",\"custom\":{\"loyaltyCard\":\"LC-1\"}}",
                true);
        device.syncNow();

        assertThat(device.customers().get(id).orElseThrow().custom().isEmpty()).isTrue();
        assertThat(device.failedMutations())
                .as("the failed edit held only personal values (phone, custom): it leaves the queue")
                .isEmpty();
        assertThat(storedRecord("customers", id)).doesNotContain("LC-");
    }

    private String storedRecord(String entity, String id) {
        try (var connection = com.repairsync.client.internal.LocalDatabase.connect(
                dir.resolve("device.db"), com.repairsync.client.internal.TestKeys.vault())) {
            var statement =
                    connection.prepareStatement("SELECT coalesce(view, base) FROM records WHERE entity = ? AND id = ?");
            statement.setString(1, entity);
            statement.setString(2, id);
            var rows = statement.executeQuery();
            return rows.next() ? rows.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Mutation> ticketMutations() {
        return server.pushes.stream()
                .flatMap(push -> push.mutations().stream())
                .filter(mutation -> mutation.entity().equals("tickets"))
                .toList();
    }

    private void assertRefused(java.util.function.Supplier<NewTicket> ticket, String field) {
        assertThatThrownBy(() -> device.tickets().create(ticket.get()))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private void assertDeclarationRefused(NewCustomField field, String named) {
        assertThatThrownBy(() -> device.customFields().declare(field))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo(named));
    }
}
