package com.repairsync.server.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests of a device that names its wire version, as the SDK does (the fixture's device names none: version 1). */
final class Versioned {
    static final int CURRENT = WireVersions.CURRENT;

    private Versioned() {}

    static JsonHttp.Response get(TestServer server, Device device, String path, int protocol) {
        return server.http()
                .send(server.http()
                        .request(path, device.accessToken())
                        .header(WireVersions.PROTOCOL_HEADER, Integer.toString(protocol))
                        .GET()
                        .build());
    }

    static JsonHttp.Response get(TestServer server, Device device, String path) {
        return get(server, device, path, CURRENT);
    }

    /** Pushes mutations stamped with the device's next HLC and its employee, where they name none. */
    static JsonHttp.Response push(TestServer server, Device device, int protocol, List<Mutations> mutations) {
        List<ObjectNode> wire = new ArrayList<>();
        for (Mutations mutation : mutations) {
            ObjectNode node = mutation.build();
            if (!node.has("hlc")) {
                node.put("hlc", device.nextHlc().toString());
            }
            if (!node.has("actorId")) {
                node.put("actorId", device.employeeId());
            }
            wire.add(node);
        }
        return pushRaw(server, device, protocol, wire);
    }

    static JsonHttp.Response pushRaw(TestServer server, Device device, int protocol, List<ObjectNode> mutations) {
        String body;
        try {
            body = JsonHttp.JSON.writeValueAsString(Map.of("deviceId", device.deviceId(), "mutations", mutations));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return server.http()
                .send(server.http()
                        .request("/v1/sync/push", device.accessToken())
                        .header(WireVersions.PROTOCOL_HEADER, Integer.toString(protocol))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** The restore mutation's wire form: a delete's members with op restore. */
    static ObjectNode restoreWire(Device device, String entity, String recordId) {
        ObjectNode node = Mutations.delete(entity, recordId).build();
        node.put("op", "restore");
        node.put("hlc", device.nextHlc().toString());
        node.put("actorId", device.employeeId());
        return node;
    }
}
