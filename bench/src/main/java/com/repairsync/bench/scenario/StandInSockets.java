package com.repairsync.bench.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.repairsync.bench.Harness;
import com.repairsync.bench.SocketDevices;
import com.repairsync.bench.server.ServerNodes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The realtime scenario's socket-only devices ({@link SocketDevices}): signed in, spread over the
 * nodes, each hearing the changes its messages carry (or, from another node than the writer's, the
 * cursor of the change in flight), without storing anything.
 */
final class StandInSockets {
    private StandInSockets() {}

    /** A stand-in heard of a record in a message that arrived at {@code arrivedNanos}. */
    interface Delivery {
        void record(int device, String entity, String recordId, long arrivedNanos);
    }

    /**
     * Signs in a device for each of {@code from..to-1} and opens its socket as a {@link
     * SocketDevices} stand-in on a node other than node 1 when there are several ({@code --nodes}),
     * which the harness closes at the end. A cursor message counts as hearing the change {@code
     * inFlight} names (if any): another node tells its sockets only the cursor.
     */
    static void open(
            Harness harness,
            int from,
            int to,
            Delivery heard,
            Supplier<String> inFlight,
            IntConsumer messageBytes,
            Map<Integer, String> closed)
            throws Exception {
        JsonFactory json = new JsonFactory();
        SocketDevices.Listener listener = new SocketDevices.Listener() {
            @Override
            public void text(int device, String message, long arrivedNanos) {
                messageBytes.accept(message.length()); // ASCII here: as many bytes as chars
                String customer = inFlight.get();
                if (customer != null && message.contains("\"type\":\"cursor\"")) {
                    heard.record(device, "customers", customer, arrivedNanos);
                    return;
                }
                try (JsonParser parser = json.createParser(message)) {
                    for (String[] change : carriedChanges(parser)) {
                        heard.record(device, change[0], change[1], arrivedNanos);
                    }
                } catch (IOException | RuntimeException e) {
                    closed.put(device, "a message that is not a realtime message: " + e.getMessage());
                }
            }

            @Override
            public void closed(int device, String reason) {
                closed.put(device, reason);
            }
        };
        // One set of stand-ins (one reader thread) per node they connect to.
        ServerNodes nodes = harness.nodes();
        List<SocketDevices> socketsOfNode = new ArrayList<>();
        for (int node = 0; node < nodes.size(); node++) {
            socketsOfNode.add(harness.closeLater(new SocketDevices(nodes.url(node), listener)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> opening = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int device = i;
                int node = nodes.spread(device, 1);
                opening.add(pool.submit(() -> {
                    Harness.SignedIn signedIn = harness.signInShared("rt-" + device, harness.ownerEmail(), node);
                    socketsOfNode.get(node).open(device, signedIn.session().accessToken());
                    return null;
                }));
            }
            for (Future<?> socket : opening) {
                socket.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The (entity, recordId) of each change a {@code {"type":"changes"}} message carries; none for
     * any other message. Read as a stream, as it is read once per stand-in per event.
     */
    static List<String[]> carriedChanges(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        String type = null;
        List<String[]> changes = new ArrayList<>(1);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("type".equals(field)) {
                type = parser.getText();
            } else if ("changes".equals(field) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    String entity = null;
                    String recordId = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        parser.nextToken();
                        switch (member) {
                            case "entity" -> entity = parser.getText();
                            case "recordId" -> recordId = parser.getText();
                            default -> parser.skipChildren();
                        }
                    }
                    changes.add(new String[] {entity, recordId});
                }
            } else {
                parser.skipChildren();
            }
        }
        return "changes".equals(type) ? changes : List.of();
    }
}
