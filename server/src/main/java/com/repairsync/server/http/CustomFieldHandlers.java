package com.repairsync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.customfields.CustomFieldService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/custom-fields}: a shop's own fields for the API and the CLI. {@code GET} lists the
 * declarations the caller's role receives values of; {@code POST} declares one and {@code PATCH
 * /v1/custom-fields/{entity}/{name}} changes one (admins only). The body's shape is checked here,
 * each refusal naming its member; the declaration's rules are the push's ({@link CustomFieldService}).
 */
final class CustomFieldHandlers {
    /** A declaration with a hundred choices of a hundred characters fits. */
    private static final int MAX_BODY = 32 * 1024;

    private static final Set<String> DECLARE_MEMBERS =
            Set.of("entity", "name", "label", "type", "choices", "required", "visibleTo", "position");
    private static final Set<String> CHANGE_MEMBERS = Set.of("label", "addChoices", "required", "removed", "position");

    private final CustomFieldService fields;
    private final Callers callers;
    private final ObjectMapper json;

    CustomFieldHandlers(CustomFieldService fields, Callers callers, ObjectMapper json) {
        this.fields = fields;
        this.callers = callers;
        this.json = json;
    }

    /** {@code GET /v1/custom-fields[?entity=tickets]}: {@code {"fields": [...]}}. */
    void list(Context ctx) {
        Principal principal = callers.principal(ctx);
        String entity = ctx.queryParam("entity");
        List<Map<String, Object>> listed = new ArrayList<>();
        fields.list(principal, entity == null || entity.isEmpty() ? null : entity)
                .forEach(field -> listed.add(CustomFieldService.json(field)));
        ctx.json(Map.of("fields", listed));
    }

    /** {@code POST /v1/custom-fields}: 201 and the declaration. */
    void declare(Context ctx) {
        Principal principal = callers.principal(ctx);
        ObjectNode body = JsonBody.read(ctx, json, MAX_BODY).node();
        refuseOthers(body, DECLARE_MEMBERS);
        ObjectNode wire = JsonNodeFactory.instance.objectNode();
        String name = text(body, "name", true);
        wire.put("entity", text(body, "entity", true));
        wire.put("name", name);
        String label = text(body, "label", false);
        wire.put("label", label == null ? name : label);
        wire.put("type", text(body, "type", true));
        List<String> choices = choices(body, "choices");
        if (!choices.isEmpty()) {
            wire.put("choices", CustomField.choiceText(choices));
        }
        copy(body, wire, "required", JsonNode::isBoolean, "true or false");
        copy(body, wire, "visibleTo", JsonNode::isTextual, "everyone or managers");
        copy(body, wire, "position", JsonNode::isIntegralNumber, "a whole number from 0 to 10000");
        CustomField declared = fields.declare(principal, wire);
        ctx.status(201).json(CustomFieldService.json(declared));
    }

    /** {@code PATCH /v1/custom-fields/{entity}/{name}}: the declaration as changed. */
    void change(Context ctx) {
        Principal principal = callers.principal(ctx);
        ObjectNode body = JsonBody.read(ctx, json, MAX_BODY).node();
        refuseOthers(body, CHANGE_MEMBERS);
        ObjectNode wire = JsonNodeFactory.instance.objectNode();
        String label = text(body, "label", false);
        if (label != null) {
            wire.put("label", label);
        }
        List<String> added = choices(body, "addChoices");
        if (!added.isEmpty()) {
            wire.put("choices", CustomField.choiceText(added)); // merged as a union: added, none removed
        }
        copy(body, wire, "required", JsonNode::isBoolean, "true or false");
        copy(body, wire, "removed", JsonNode::isBoolean, "true or false");
        copy(body, wire, "position", JsonNode::isIntegralNumber, "a whole number from 0 to 10000");
        String entity = ctx.pathParam("entity");
        String name = ctx.pathParam("name");
        ctx.json(CustomFieldService.json(fields.change(principal, entity, name, wire)));
    }

    private static void refuseOthers(ObjectNode body, Set<String> allowed) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                throw new ApiException(
                        ErrorCode.INVALID_FIELD,
                        shown,
                        shown + " is not a member of this request; it takes "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(ObjectNode body, String member, boolean required) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.invalid(member, member + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(member, member + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> choices(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.invalid(member, member + " must be an array of strings, such as [\"black\", \"white\"]");
        }
        if (value.size() > CustomField.CHOICE_COUNT_LIMIT) {
            throw ApiException.invalid(member, "a field has at most " + CustomField.CHOICE_COUNT_LIMIT + " choices");
        }
        List<String> choices = new ArrayList<>();
        for (JsonNode choice : value) {
            if (!choice.isTextual() || choice.textValue().isBlank()) {
                throw ApiException.invalid(member, member + " must hold non-blank strings");
            }
            if (choice.textValue().contains("\n") || choice.textValue().contains("\r")) {
                throw ApiException.invalid(member, "a choice is one line: " + member + " may not hold line breaks");
            }
            choices.add(choice.textValue());
        }
        return choices;
    }

    private static void copy(
            ObjectNode body, ObjectNode wire, String member, java.util.function.Predicate<JsonNode> fits, String what) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return;
        }
        if (!fits.test(value)) {
            throw ApiException.invalid(member, member + " must be " + what);
        }
        wire.set(member, value);
    }
}
