package com.repairsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Folds the realtime socket's presence messages into the list of devices online. */
final class Presences {
    private Presences() {}

    /**
     * The presence after a message, or null if the message is not one this device understands
     * (a newer server may send events it does not know; they are ignored, not fatal).
     */
    static Presence apply(List<Presence.OnlineDevice> before, JsonNode message) {
        String event = message.path("event").asText("");
        switch (event) {
            case "snapshot": {
                List<Presence.OnlineDevice> online = new ArrayList<>();
                message.path("online").forEach(who -> online.add(device(who)));
                return new Presence(event, null, List.copyOf(online));
            }
            case "online": {
                Presence.OnlineDevice device = device(message);
                List<Presence.OnlineDevice> online = new ArrayList<>(without(before, device.deviceId()));
                online.add(device);
                return new Presence(event, device, List.copyOf(online));
            }
            case "acting": {
                Presence.OnlineDevice device = device(message);
                List<Presence.OnlineDevice> online = new ArrayList<>();
                boolean listed = false;
                for (Presence.OnlineDevice known : before) {
                    listed |= known.deviceId().equals(device.deviceId());
                    online.add(known.deviceId().equals(device.deviceId()) ? device : known);
                }
                if (!listed) {
                    online.add(device);
                }
                return new Presence(event, device, List.copyOf(online));
            }
            case "offline": {
                Presence.OnlineDevice device = device(message);
                return new Presence(event, device, without(before, device.deviceId()));
            }
            default:
                return null;
        }
    }

    private static List<Presence.OnlineDevice> without(List<Presence.OnlineDevice> online, String deviceId) {
        return online.stream().filter(d -> !d.deviceId().equals(deviceId)).toList();
    }

    private static Presence.OnlineDevice device(JsonNode who) {
        return new Presence.OnlineDevice(
                who.path("deviceId").asText(),
                who.path("deviceName").asText(null),
                who.path("employeeId").asText(null));
    }
}
