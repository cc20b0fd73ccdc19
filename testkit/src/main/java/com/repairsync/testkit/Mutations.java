package com.repairsync.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Hlc;
import java.util.UUID;

/** Builds wire mutations for tests. */
public final class Mutations {
    private final ObjectNode node = JsonNodeFactory.instance.objectNode();

    private Mutations(String entity, String recordId, String op) {
        node.put("mutationId", UUID.randomUUID().toString());
        node.put("entity", entity);
        node.put("recordId", recordId);
        node.put("op", op);
    }

    public static Mutations upsert(String entity, String recordId) {
        return new Mutations(entity, recordId, "upsert");
    }

    public static Mutations delete(String entity, String recordId) {
        return new Mutations(entity, recordId, "delete");
    }

    public static Mutations adjust(String entity, String recordId, String counter, long delta) {
        Mutations mutation = new Mutations(entity, recordId, "adjust");
        mutation.node.putObject("deltas").put(counter, delta);
        return mutation;
    }

    public Mutations id(String mutationId) {
        node.put("mutationId", mutationId);
        return this;
    }

    public Mutations field(String name, Object value) {
        ObjectNode fields = node.has("fields") ? (ObjectNode) node.get("fields") : node.putObject("fields");
        fields.set(name, JsonHttp.JSON.valueToTree(value));
        return this;
    }

    public Mutations hlc(Hlc hlc) {
        node.put("hlc", hlc.toString());
        return this;
    }

    public Mutations actor(String employeeId) {
        node.put("actorId", employeeId);
        return this;
    }

    public Mutations group(String groupId) {
        node.put("groupId", groupId);
        return this;
    }

    public ObjectNode build() {
        return node.deepCopy();
    }
}
