package com.repairsync.bench.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.repairsync.bench.SocketDevices;
import com.repairsync.client.ReconnectPolicy;
import com.repairsync.protocol.NamedThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One child's socket stand-ins ({@link SocketDevices}, one reader per node) and what they heard:
 * the latest cursor of each device, and how many presence messages and changes came. A socket
 * that closes comes back as an SDK device does: after a wait drawn by the SDK's {@link
 * ReconnectPolicy} (its default, from the 2 s probe interval), on the next node in turn, as a
 * load balancer would send it to a node that answers.
 */
final class StandIns implements AutoCloseable {
    /** The SDK's default probe interval, from which its reconnect waits grow. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    /** Handshakes in flight at once from this child. */
    private static final int OPENERS = 8;

    private static final JsonFactory JSON = new JsonFactory();

    private final FleetSpec spec;
    private final SocketDevices[] byNode;
    private final ReconnectPolicy reconnect = ReconnectPolicy.forProbeInterval(PROBE_INTERVAL);
    private final Random jitter;
    private final ScheduledExecutorService openers =
            Executors.newScheduledThreadPool(OPENERS, NamedThreads.daemon("fleet-opener"));
    /** The node each device's socket is open on, or -1 while it is closed. */
    private final AtomicIntegerArray openOn;
    /** The node each device last tried or was on. */
    private final AtomicIntegerArray lastNode;

    private final AtomicLongArray heardCursor;
    private final Map<Integer, Set<String>> folded = new ConcurrentHashMap<>();
    private final LongAdder presenceMessages = new LongAdder();
    private final LongAdder presenceChanges = new LongAdder();
    private final LongAdder snapshots = new LongAdder();
    private final LongAdder opens = new LongAdder();
    private final LongAdder failedTries = new LongAdder();
    private final LongAdder unreadable = new LongAdder();

    StandIns(FleetSpec spec) throws IOException {
        this.spec = spec;
        int count = spec.devices().size();
        this.jitter = new Random(spec.seed());
        this.openOn = new AtomicIntegerArray(count);
        this.lastNode = new AtomicIntegerArray(count);
        this.heardCursor = new AtomicLongArray(count);
        this.byNode = new SocketDevices[spec.nodeUrls().size()];
        int sampled = 0;
        for (int device = 0; device < count; device++) {
            openOn.set(device, -1);
            FleetSpec.Device d = spec.devices().get(device);
            lastNode.set(device, d.node());
            if (d.shop() == spec.sampledShop() && sampled < spec.sampled()) {
                folded.put(device, new HashSet<>());
                sampled++;
            }
        }
        for (int node = 0; node < byNode.length; node++) {
            byNode[node] = new SocketDevices(spec.nodeUrls().get(node), spec.wireVersion(), listener(node));
        }
    }

    /** Opens every device's socket on its first node; one that fails retries as after a close. */
    void openAll() {
        for (int device = 0; device < spec.devices().size(); device++) {
            int d = device;
            openers.execute(() -> tryOpen(d, spec.devices().get(d).node(), 1));
        }
    }

    /** Devices with a socket open now. */
    int connected() {
        int open = 0;
        for (int device = 0; device < openOn.length(); device++) {
            open += openOn.get(device) >= 0 ? 1 : 0;
        }
        return open;
    }

    /** Devices not open, or open but not yet at their shop's {@code targets} cursor. */
    int behind(Map<Integer, Long> targets) {
        int behind = 0;
        for (int device = 0; device < openOn.length(); device++) {
            long target = targets.getOrDefault(spec.devices().get(device).shop(), 0L);
            if (openOn.get(device) < 0 || heardCursor.get(device) < target) {
                behind++;
            }
        }
        return behind;
    }

    /**
     * So far: presence messages (snapshots aside), the changes they carried, snapshots, socket
     * opens, failed tries and messages that did not read as realtime messages.
     */
    String counts() {
        return presenceMessages.sum() + " " + presenceChanges.sum() + " " + snapshots.sum() + " " + opens.sum() + " "
                + failedTries.sum() + " " + unreadable.sum();
    }

    /** Sampled devices whose folded presence is not every device of their shop: checked and wrong. */
    String presence() {
        Set<String> everyone = Set.copyOf(spec.sampledShopDevices());
        int wrong = 0;
        for (Set<String> online : folded.values()) {
            synchronized (online) {
                wrong += online.equals(everyone) ? 0 : 1;
            }
        }
        return folded.size() + " " + wrong;
    }

    private void tryOpen(int device, int node, int attempt) {
        FleetSpec.Device d = spec.devices().get(device);
        lastNode.set(device, node);
        try {
            byNode[node].open(device, d.accessToken());
            openOn.set(device, node);
            opens.increment();
        } catch (IOException | RuntimeException refused) {
            failedTries.increment();
            retry(device, attempt + 1);
        }
    }

    /** Schedules try {@code attempt} on the node after the last one tried, after a jittered wait. */
    private void retry(int device, int attempt) {
        long wait;
        synchronized (jitter) {
            wait = reconnect.delay(attempt, jitter).toMillis();
        }
        int next = (lastNode.get(device) + 1) % byNode.length;
        openers.schedule(() -> tryOpen(device, next, attempt), wait, TimeUnit.MILLISECONDS);
    }

    private SocketDevices.Listener listener(int node) {
        return new SocketDevices.Listener() {
            @Override
            public void text(int device, String message, long arrivedNanos) {
                heard(device, message);
            }

            @Override
            public void closed(int device, String reason) {
                if (openOn.compareAndSet(device, node, -1) && !openers.isShutdown()) {
                    retry(device, 1);
                }
            }
        };
    }

    private void heard(int device, String message) {
        try (JsonParser parser = JSON.createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            String type = null;
            String event = null;
            long cursor = -1;
            int changes = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = parser.getText();
                    case "event" -> event = parser.getText();
                    case "cursor" -> cursor = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "changes" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                changes++;
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if ("cursor".equals(type) || "changes".equals(type)) {
                heardCursor.accumulateAndGet(device, cursor, Math::max);
            } else if ("presence".equals(type)) {
                countPresence(event, changes);
                Set<String> online = folded.get(device);
                if (online != null) {
                    PresenceFold.apply(online, message);
                }
            }
        } catch (IOException | RuntimeException e) {
            unreadable.increment(); // counted as an error of the run; the socket goes on
            if (unreadable.sum() == 1) {
                System.err.println("device " + device + " heard a message it cannot read: " + message + ": " + e);
            }
        }
    }

    private void countPresence(String event, int changes) {
        if ("snapshot".equals(event)) {
            snapshots.increment();
            return;
        }
        presenceMessages.increment();
        presenceChanges.add("changes".equals(event) ? changes : 1);
    }

    /** Closes every socket without reconnecting them. */
    @Override
    public void close() throws IOException {
        openers.shutdownNow();
        for (SocketDevices sockets : byNode) {
            sockets.close();
        }
    }
}
