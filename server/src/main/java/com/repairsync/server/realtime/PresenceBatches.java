package com.repairsync.server.realtime;

import com.repairsync.protocol.NamedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces a shop's presence changes over a short window, so a mass reconnect costs each socket
 * a few messages instead of one per device that came back.
 *
 * <p>The first change of a shop opens a window of {@link #WINDOW}; the changes that come until it
 * closes leave together, one per device: the latest thing heard of it, except that a device that
 * came online and then switched employee within the window is still announced as {@code online}
 * (with the new employee). A window that gathers {@link #MAX_CHANGES} devices leaves at once, so a
 * batch is bounded whatever the shop's size.
 *
 * <p>A batch is handed over while the shop is held, and so is a new socket's snapshot ({@link
 * #whileHeld}): a socket hears a batch either before its snapshot (which then shows the batch's
 * changes too) or after it, never interleaved with it. Applying a batch is idempotent, so a batch
 * that repeats what a snapshot already showed changes nothing.
 */
final class PresenceBatches {
    /** How long a shop's changes gather before they leave. */
    static final Duration WINDOW = Duration.ofMillis(100);

    /** Most devices one batch names; a window that reaches it leaves at once. */
    static final int MAX_CHANGES = 500;

    /** Runs a task after a delay (a scheduler thread in production, a hand-cranked one in tests). */
    interface Timer {
        void after(Duration delay, Runnable task);

        /** Stops the timer; windows still open are not handed over. */
        void stop();

        /** A timer on a daemon thread of its own; a task that throws is logged. */
        static Timer onThread(String name) {
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon(name));
            return new Timer() {
                @Override
                public void after(Duration delay, Runnable task) {
                    try {
                        thread.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException stopped) {
                        log.debug("presence timer stopped; a window's changes are not announced");
                    }
                }

                @Override
                public void stop() {
                    thread.shutdownNow();
                }
            };
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PresenceBatches.class);

    /** Hands a shop's batch to its sockets; called while the shop is held, must not block. */
    @FunctionalInterface
    interface Delivery {
        void deliver(String shopId, List<Map<String, Object>> changes);
    }

    private final Timer timer;
    private final Delivery delivery;
    private final Map<String, ShopBatch> shops = new ConcurrentHashMap<>();

    PresenceBatches(Timer timer, Delivery delivery) {
        this.timer = timer;
        this.delivery = delivery;
    }

    /**
     * Adds a change to the shop's open window, opening one if none is.
     *
     * @param event {@code online}, {@code offline} or {@code acting}
     * @param who the device and who acts on it (employeeId, deviceId, deviceName)
     */
    void add(String shopId, String event, Map<String, Object> who) {
        Map<String, Object> change = Presence.event(event, who);
        change.remove("type");
        String deviceId = (String) who.get("deviceId");
        while (true) {
            ShopBatch batch = shops.computeIfAbsent(shopId, id -> new ShopBatch());
            synchronized (batch) {
                if (batch.retired) {
                    continue; // its window closed meanwhile: take the shop's new one
                }
                if (!batch.scheduled) {
                    batch.scheduled = true;
                    timer.after(WINDOW, () -> closeWindow(shopId, batch));
                }
                batch.merge(deviceId, change);
                if (batch.pending.size() >= MAX_CHANGES) {
                    deliverPending(shopId, batch); // the window stays open until its timer
                }
                return;
            }
        }
    }

    /** Runs {@code work} while no batch of the shop is handed over, and returns what it returns. */
    <T> T whileHeld(String shopId, Supplier<T> work) {
        while (true) {
            ShopBatch batch = shops.computeIfAbsent(shopId, id -> new ShopBatch());
            synchronized (batch) {
                if (batch.retired) {
                    continue;
                }
                try {
                    return work.get();
                } finally {
                    if (!batch.scheduled) {
                        retire(shopId, batch); // no window open: nothing to keep
                    }
                }
            }
        }
    }

    /** Shops with a window open, for tests: a shop with none holds nothing here. */
    int openWindows() {
        return shops.size();
    }

    /** The timer's task: hands over what the window gathered and closes it. */
    private void closeWindow(String shopId, ShopBatch batch) {
        synchronized (batch) {
            if (!batch.retired) {
                try {
                    deliverPending(shopId, batch);
                } finally {
                    retire(shopId, batch); // a failed delivery must not keep the shop's window open forever
                }
            }
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("presence changes not announced; the shop's next snapshot shows them", e);
        }
    }

    /** Caller holds {@code batch}. */
    private void deliverPending(String shopId, ShopBatch batch) {
        if (!batch.pending.isEmpty()) {
            List<Map<String, Object>> changes = new ArrayList<>(batch.pending.values());
            batch.pending.clear();
            delivery.deliver(shopId, changes);
        }
    }

    /** Caller holds {@code batch}. */
    private void retire(String shopId, ShopBatch batch) {
        batch.retired = true;
        shops.remove(shopId, batch);
    }

    /** One shop's open window: the latest change of each device, in the order devices first changed. */
    private static final class ShopBatch {
        private final Map<String, Map<String, Object>> pending = new LinkedHashMap<>();
        private boolean scheduled;
        private boolean retired;

        void merge(String deviceId, Map<String, Object> change) {
            Map<String, Object> before = pending.get(deviceId);
            if (before != null && "online".equals(before.get("event")) && "acting".equals(change.get("event"))) {
                Map<String, Object> online = new LinkedHashMap<>(change);
                online.put("event", "online");
                pending.put(deviceId, online);
            } else {
                pending.put(deviceId, change);
            }
        }
    }
}
