package com.repairsync.server.sync;

import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.store.ShopCustomFields;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.Map;
import java.util.Optional;

/**
 * A push batch's view of the shop's custom field declarations: those stored, and those the batch's
 * applied units created or changed, so a device may declare a field and write a ticket using it in
 * one push. Read when first needed (most batches never need it), and read again after a unit that
 * was rolled back.
 */
final class BatchCustomFields {
    private final StoreTx tx;
    private final String shopId;
    private CustomFieldSet customs;

    BatchCustomFields(StoreTx tx, String shopId) {
        this.tx = tx;
        this.shopId = shopId;
    }

    private CustomFieldSet customs() {
        if (customs == null) {
            customs = ShopCustomFields.of(tx, shopId);
        }
        return customs;
    }

    /**
     * The canonical values of a mutation's {@code custom} member, checked against the declarations.
     * A role writes only the fields whose values it receives: a technician never overwrites a
     * {@code managers} field it cannot see.
     *
     * @throws Violation naming {@code custom.<name>}: {@code invalid_field} for an undeclared field,
     *     {@code validation_failed} for a value that does not fit, {@code forbidden} for a field
     *     hidden from the actor's role
     */
    Map<String, Object> values(PushedMutation mutation, Role actor) {
        CustomFieldSet declared = customs();
        Map<String, Object> values = declared.parseValues(mutation.type(), mutation.custom());
        values.forEach(MutationReader::refuseUnstorable);
        for (String key : values.keySet()) {
            String name = CustomValues.nameOf(key);
            declared.find(mutation.type().name(), name)
                    .filter(field -> !field.visibleTo(actor))
                    .ifPresent(field -> {
                        throw new Violation(
                                ErrorCode.FORBIDDEN,
                                key,
                                actor.wireName() + " may not write " + name + ", a field only admins and managers see");
                    });
        }
        return values;
    }

    /**
     * Checks a declaration's create (its entity, name, derived record id and choices, and that the
     * entity has room for one more) or update (choices that fit its type).
     *
     * @throws Violation naming the declaration's field
     */
    void checkDeclaration(PushedMutation mutation, Optional<StoredRecord> existing) {
        Optional<StoredRecord> live = existing.filter(record -> !record.state().deleted());
        if (live.isEmpty()) {
            CustomField.checkCreate(mutation.fields(), mutation.recordId());
            if (mutation.fields().get("entity") instanceof String entity) {
                CustomField.checkRoomFor(entity, customs());
            }
        } else {
            ShopCustomFields.declaration(live.get())
                    .ifPresent(current -> CustomField.checkUpdate(current, mutation.fields()));
        }
    }

    /** A declaration the batch wrote: later mutations check their values against it as written. */
    void written(StoredRecord declaration) {
        if (customs != null) {
            ShopCustomFields.declaration(declaration).ifPresent(declared -> customs = customs.with(declared));
        }
    }

    /** A unit was rolled back: the declarations it wrote are gone, so they are read again. */
    void rolledBack() {
        customs = null;
    }

    /** Whether some custom field of the entity is hidden from a role that does not manage the shop. */
    boolean hidden(EntityType type) {
        return customs().hidesFrom(type.name(), Role.FRONT_DESK);
    }
}
