package com.repairsync.server.customfields;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.ShopCustomFields;
import com.repairsync.server.store.Store;
import com.repairsync.server.sync.PushService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Declares, changes and lists a shop's custom fields for the API. Only an admin writes; any
 * signed-in role lists the declarations whose values it receives. A write is one {@code
 * customFields} upsert applied as the caller's own change ({@link PushService#applyForCaller}); a
 * refusal stores nothing and becomes an {@link ApiException} naming the field.
 */
public final class CustomFieldService {
    private static final String ADMINS_ONLY = "only an admin declares or changes custom fields";

    private final Store store;
    private final PushService push;

    public CustomFieldService(Store store, PushService push) {
        this.store = store;
        this.push = push;
    }

    /**
     * The shop's declarations the caller's role receives values of, removed ones too, in form order
     * per entity (customers, tickets, inventory items).
     *
     * @param entity only this entity's, or null for every one
     * @throws ApiException {@code validation_failed} naming entity for one that takes no custom fields
     */
    public List<CustomField> list(Principal principal, String entity) {
        if (entity != null && !CustomField.ENTITIES.contains(entity)) {
            throw ApiException.invalid(
                    "entity", "entity must be one of " + String.join(", ", CustomField.ENTITIES) + ", got " + entity);
        }
        return store.read(tx -> {
            Role viewer = AuthService.currentRole(tx, principal);
            CustomFieldSet customs = ShopCustomFields.of(tx, principal.shopId());
            List<CustomField> fields = new ArrayList<>();
            for (String declared : CustomField.ENTITIES) {
                if (entity == null || entity.equals(declared)) {
                    fields.addAll(customs.visibleTo(declared, viewer));
                }
            }
            return fields;
        });
    }

    /**
     * Declares a field.
     *
     * @param fields the declaration's wire fields: entity, name, label, type, choices (one per
     *     line), required, visibleTo
     * @throws ApiException 403 unless the caller is an admin; 409 {@code conflict} naming name if
     *     the field is declared already; the refusal of the change naming its field otherwise
     */
    public CustomField declare(Principal principal, ObjectNode fields) {
        String entity = fields.path("entity").asText("");
        String name = fields.path("name").asText("");
        requireAdmin(principal);
        String recordId = CustomField.recordId(entity, name);
        if (find(principal, recordId).isPresent()) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "name",
                    entity + " already has a custom field " + name + "; change it with PATCH /v1/custom-fields/"
                            + entity + "/" + name);
        }
        ObjectNode mutation = mutation(recordId, fields);
        mutation.put("create", true);
        apply(principal, mutation);
        return find(principal, recordId).orElseThrow();
    }

    /**
     * Changes a declared field.
     *
     * @param fields the wire fields to set (label, choices to add, required, removed, position)
     * @throws ApiException 403 unless the caller is an admin; 404 {@code unknown_record} if the
     *     field is not declared; the refusal of the change naming its field otherwise
     */
    public CustomField change(Principal principal, String entity, String name, ObjectNode fields) {
        requireAdmin(principal);
        String recordId = CustomField.ENTITIES.contains(entity) ? CustomField.recordId(entity, name) : null;
        if (recordId == null || find(principal, recordId).isEmpty()) {
            throw new ApiException(
                    ErrorCode.UNKNOWN_RECORD, null, "this shop has no custom field " + name + " on " + entity);
        }
        if (!fields.isEmpty()) {
            ObjectNode mutation = mutation(recordId, fields);
            mutation.put("create", false);
            apply(principal, mutation);
        }
        return find(principal, recordId).orElseThrow();
    }

    private void requireAdmin(Principal principal) {
        Role role = store.read(tx -> AuthService.currentRole(tx, principal));
        if (role != Role.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, ADMINS_ONLY + "; this is a " + role.wireName());
        }
    }

    private Optional<CustomField> find(Principal principal, String recordId) {
        return store.read(tx -> tx.findRecord(Schema.CUSTOM_FIELDS, principal.shopId(), recordId)
                .flatMap(ShopCustomFields::declaration));
    }

    private static ObjectNode mutation(String recordId, ObjectNode fields) {
        ObjectNode mutation = JsonNodeFactory.instance.objectNode();
        mutation.put("entity", Schema.CUSTOM_FIELDS.name());
        mutation.put("recordId", recordId);
        mutation.put("op", Operation.UPSERT.wireName());
        mutation.set("fields", fields);
        return mutation;
    }

    private void apply(Principal principal, ObjectNode mutation) {
        PushResult result = push.applyForCaller(principal, mutation);
        if (result.outcome() != MutationStatus.APPLIED) {
            ErrorCode code = result.code() == null ? ErrorCode.VALIDATION_FAILED : result.code();
            throw new ApiException(code, result.field(), result.message());
        }
    }

    /** A declaration as the API shows it: its wire fields, choices as a list. */
    public static Map<String, Object> json(CustomField field) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", field.id());
        json.put("entity", field.entity());
        json.put("name", field.name());
        json.put("key", field.key());
        json.put("label", field.label());
        json.put("type", field.type().wireName());
        json.put("choices", field.choices());
        json.put("required", field.required());
        json.put("visibleTo", field.visibility() == Visibility.MANAGERS ? "managers" : "everyone");
        json.put("removed", field.removed());
        json.put("position", field.position());
        return json;
    }
}
