package com.repairsync.client.sim;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A bad network between one device and a real server, driven by a seeded {@link Random} so a
 * simulation run can be replayed. For push and pull it may:
 *
 * <ul>
 *   <li>drop the request: the server never sees it ({@link OfflineException});
 *   <li>drop the response: the server applied the request, the device hears {@link
 *       OfflineException} and does not know;
 *   <li>duplicate the request: the server gets it twice (one after the other, or both at once)
 *       and the device hears the second answer;
 *   <li>deliver an earlier answer: the fresh request reaches the server, but the device gets a
 *       delayed answer to one of its earlier requests of the same kind instead (a stale pull page
 *       or an old push result);
 *   <li>be disconnected: while {@link Link#disconnected} is set every call, the health probe too,
 *       fails as offline.
 * </ul>
 *
 * <p>Login, refresh and setPassword pass through. The realtime socket never opens: the simulation
 * drives sync by hand. The fault settings and the answers kept for late delivery live in the
 * device's {@link Link}, so they survive a device restart (which makes a new transport).
 */
public final class FaultyTransport extends ForwardingSyncTransport {
    /** What the network did to one request. */
    public enum Fault {
        DROPPED_REQUEST,
        DROPPED_RESPONSE,
        DUPLICATED,
        DUPLICATED_CONCURRENTLY,
        STALE_ANSWER,
        DISCONNECTED
    }

    /**
     * One device's network: how often each fault strikes, whether the cable is out, and the
     * answers it may deliver late. Changed by the simulation thread only; read by the device's
     * sync worker while the simulation waits for it.
     */
    public static final class Link {
        private static final int KEPT_ANSWERS = 4;

        volatile boolean faulty;
        volatile boolean disconnected;
        final double dropRequest;
        final double dropResponse;
        final double duplicate;
        final double staleAnswer;
        final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        final List<String> events = new ArrayList<>();
        final List<PullResponse> earlierPulls = new ArrayList<>();
        final List<PushResponse> earlierPushes = new ArrayList<>();

        /** Fault probabilities per push or pull; their sum must stay below 1. */
        public Link(double dropRequest, double dropResponse, double duplicate, double staleAnswer) {
            if (dropRequest + dropResponse + duplicate + staleAnswer >= 1.0) {
                throw new IllegalArgumentException("fault probabilities must sum to less than 1");
            }
            this.dropRequest = dropRequest;
            this.dropResponse = dropResponse;
            this.duplicate = duplicate;
            this.staleAnswer = staleAnswer;
        }

        /** Lets faults strike (or, false, makes the network perfect); the disconnect flag stays. */
        public void faulty(boolean on) {
            faulty = on;
        }

        public boolean disconnected() {
            return disconnected;
        }

        public void disconnected(boolean out) {
            disconnected = out;
        }

        /** How many times each fault struck, for the run's summary. */
        public synchronized Map<Fault, Integer> injected() {
            return Map.copyOf(injected);
        }

        synchronized void count(Fault fault) {
            injected.merge(fault, 1, Integer::sum);
        }

        /** What happened to each push and pull since the last call, oldest first; forgets them. */
        public synchronized List<String> takeEvents() {
            List<String> taken = List.copyOf(events);
            events.clear();
            return taken;
        }

        synchronized void event(String what) {
            events.add(what);
        }

        static <T> void keep(List<T> answers, T answer) {
            synchronized (answers) {
                answers.add(answer);
                if (answers.size() > KEPT_ANSWERS) {
                    answers.remove(0);
                }
            }
        }
    }

    private static final ExecutorService RACERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-transport-duplicate");
        thread.setDaemon(true);
        return thread;
    });

    private final SyncTransport server;
    private final Random random;
    private final Link link;

    /**
     * @param server the real transport the requests that get through go to
     * @param random decides the faults; seeded by the simulation
     * @param link this device's network settings and late answers
     */
    public FaultyTransport(SyncTransport server, Random random, Link link) {
        super(server);
        this.server = server;
        this.random = random;
        this.link = link;
    }

    @Override
    public PushResponse push(PushRequest request) {
        return exchange("push", () -> server.push(request), link.earlierPushes);
    }

    @Override
    public PullResponse pull(PullQuery query) {
        return exchange("pull", () -> server.pull(query), link.earlierPulls);
    }

    @Override
    public void health() {
        if (link.disconnected) {
            link.count(Fault.DISCONNECTED);
            throw new OfflineException("simulated network: disconnected", null);
        }
        server.health();
    }

    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        throw new OfflineException("simulated network: no realtime socket (the simulation syncs by hand)", null);
    }

    private <T> T exchange(String what, Supplier<T> call, List<T> earlier) {
        if (link.disconnected) {
            link.count(Fault.DISCONNECTED);
            link.event(what + " disconnected");
            throw new OfflineException("simulated network: disconnected", null);
        }
        if (!link.faulty) {
            link.event(what + " ok");
            return kept(call.get(), earlier);
        }
        double roll = random.nextDouble();
        double edge = link.dropRequest;
        if (roll < edge) {
            link.count(Fault.DROPPED_REQUEST);
            link.event(what + " request dropped");
            throw new OfflineException("simulated network: " + what + " request dropped", null);
        }
        edge += link.dropResponse;
        if (roll < edge) {
            kept(call.get(), earlier);
            link.count(Fault.DROPPED_RESPONSE);
            link.event(what + " response dropped");
            throw new OfflineException("simulated network: " + what + " response dropped", null);
        }
        edge += link.duplicate;
        if (roll < edge) {
            if (random.nextBoolean()) {
                link.count(Fault.DUPLICATED);
                link.event(what + " duplicated");
                kept(call.get(), earlier);
                return kept(call.get(), earlier);
            }
            link.count(Fault.DUPLICATED_CONCURRENTLY);
            link.event(what + " duplicated concurrently");
            return kept(concurrently(call), earlier);
        }
        edge += link.staleAnswer;
        if (roll < edge) {
            T fresh = call.get();
            T late;
            synchronized (earlier) {
                late = earlier.isEmpty() ? null : earlier.get(random.nextInt(earlier.size()));
            }
            Link.keep(earlier, fresh);
            if (late == null) {
                link.event(what + " ok");
                return fresh;
            }
            link.count(Fault.STALE_ANSWER);
            link.event(what + " answered with an earlier answer");
            return late;
        }
        link.event(what + " ok");
        return kept(call.get(), earlier);
    }

    /**
     * Sends the same request twice at once (on their own threads, so they really race at the
     * server); answers with the second copy's answer.
     */
    private static <T> T concurrently(Supplier<T> call) {
        CompletableFuture<T> first = CompletableFuture.supplyAsync(call, RACERS);
        CompletableFuture<T> second = CompletableFuture.supplyAsync(call, RACERS);
        try {
            first.join();
            return second.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static <T> T kept(T answer, List<T> earlier) {
        Link.keep(earlier, answer);
        return answer;
    }
}
