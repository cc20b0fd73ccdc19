package com.repairsync.protocol.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.protocol.schema.Schema;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared rules of attachments: one owner, fixed file and author, the author is the actor. */
class AttachmentRulesTest {
    private static final String ID = "6f1c2d3e-0000-4000-8000-0000000000a1";
    private static final String TICKET = "6f1c2d3e-0000-4000-8000-0000000000b1";
    private static final String CUSTOMER = "6f1c2d3e-0000-4000-8000-0000000000c1";
    private static final String TECHNICIAN = "6f1c2d3e-0000-4000-8000-0000000000d1";
    private static final String HASH = "a".repeat(64);

    private static Map<String, Object> photo() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("ticketId", TICKET);
        fields.put("kind", "photo");
        fields.put("fileHash", HASH);
        fields.put("contentType", "image/jpeg");
        fields.put("size", 1000L);
        fields.put("addedBy", TECHNICIAN);
        fields.put("addedAt", Instant.parse("2026-12-06T09:00:00Z"));
        return fields;
    }

    private static MergeOutcome upsert(RecordState existing, Map<String, Object> fields, long millis) {
        return Merge.apply(
                Schema.ATTACHMENTS, existing, Operation.UPSERT, fields, Map.of(), new Hlc(millis, 0, "n"), ID);
    }

    @Test
    void anAttachmentBelongsToExactlyOneTicketOrCustomer() {
        assertThat(upsert(null, photo(), 1).changed()).isTrue();
        Map<String, Object> both = photo();
        both.put("customerId", CUSTOMER);
        Violation twoOwners = catchThrowableOfType(Violation.class, () -> upsert(null, both, 1));
        assertThat(twoOwners.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(twoOwners.field()).isEqualTo("ticketId");
        Map<String, Object> none = photo();
        none.remove("ticketId");
        assertThat(catchThrowableOfType(Violation.class, () -> upsert(null, none, 1))
                        .getMessage())
                .contains("exactly one of ticketId, customerId");
    }

    @Test
    void theFileTheOwnerAndTheAuthorNeverChangeButTheCaptionDoes() {
        RecordState created = upsert(null, photo(), 1).state();
        assertThat(upsert(created, Map.of("caption", "scratch on the back"), 2).changed())
                .isTrue();
        Violation otherFile =
                catchThrowableOfType(Violation.class, () -> upsert(created, Map.of("fileHash", "b".repeat(64)), 2));
        assertThat(otherFile.field()).isEqualTo("fileHash");
        assertThat(catchThrowableOfType(Violation.class, () -> upsert(created, Map.of("ticketId", CUSTOMER), 2))
                        .field())
                .isEqualTo("ticketId");
        assertThat(upsert(created, photo(), 3).state().value("fileHash"))
                .as("the same create sent again is harmless")
                .isEqualTo(HASH);
    }

    @Test
    void onlyTheActingEmployeeMayBeNamedAsWhoAddedIt() {
        assertThat(Permissions.denial(
                        TECHNICIAN, Role.TECHNICIAN, Schema.ATTACHMENTS, Action.CREATE, ID, photo(), null))
                .isEmpty();
        assertThat(Permissions.denial(CUSTOMER, Role.MANAGER, Schema.ATTACHMENTS, Action.CREATE, ID, photo(), null))
                .hasValueSatisfying(reason -> assertThat(reason).contains("addedBy"));
        assertThat(Permissions.denial(
                        TECHNICIAN, Role.TECHNICIAN, Schema.ATTACHMENTS, Action.DELETE, ID, Map.of(), null))
                .as("technicians add photos; managers and admins remove them")
                .isPresent();
    }
}
