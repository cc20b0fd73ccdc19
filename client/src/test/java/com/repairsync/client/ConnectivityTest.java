package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's view of its realtime socket stays honest: a socket that dies while it is being
 * opened, or that stops answering without ever closing, leaves the device offline and probing until
 * a socket that works is open again, so it never sits "online" behind a dead connection and misses
 * every change.
 */
class ConnectivityTest {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aSocketThatClosesWhileItOpensLeavesTheDeviceProbingUntilOneStaysOpen() {
        // A server shutting down accepts the handshake and closes at once; the close is heard before
        // openRealtime has even returned.
        SocketScript sockets = new SocketScript((number, listener) -> {
            FakeSocket socket = new FakeSocket(listener);
            if (number == 1) {
                socket.closeFromServer(1001, "server shutting down");
            }
            return socket;
        });
        try (RepairSyncDevice device = joined(sockets, Duration.ofHours(1))) {
            await().atMost(GENEROUS).until(() -> sockets.opened.size() >= 2);
            await().atMost(GENEROUS).until(() -> device.syncState().online());
            assertThat(sockets.opened.get(0).isOpen()).isFalse();
            assertThat(sockets.opened.get(sockets.opened.size() - 1).isOpen()).isTrue();
        }
    }

    @Test
    void aSocketThatStopsAnsweringIsGivenUpAndReplaced() {
        SocketScript sockets = new SocketScript((number, listener) -> new FakeSocket(listener));
        try (RepairSyncDevice device = joined(sockets, Duration.ofMillis(20))) {
            await().atMost(GENEROUS).until(() -> device.syncState().online());
            FakeSocket first = sockets.opened.get(0);

            first.silent = true; // keepAlive gives it up, as the real socket does after two silences

            await().atMost(GENEROUS).until(() -> sockets.opened.size() >= 2);
            assertThat(first.isOpen()).isFalse();
            assertThat(first.keepAliveCalls).isPositive();
            await().atMost(GENEROUS).until(() -> device.syncState().online());
        }
    }

    @Test
    void aSocketFoundClosedWithoutTellingItsListenerIsReplacedToo() {
        SocketScript sockets = new SocketScript((number, listener) -> new FakeSocket(listener));
        try (RepairSyncDevice device = joined(sockets, Duration.ofMillis(20))) {
            await().atMost(GENEROUS).until(() -> device.syncState().online());

            sockets.opened.get(0).open = false; // no closed() call: only the periodic check can notice

            await().atMost(GENEROUS).until(() -> sockets.opened.size() >= 2);
            await().atMost(GENEROUS).until(() -> device.syncState().online());
        }
    }

    @Test
    void aDeviceKeepsTryingThroughFailedReconnectsUntilOneOpens() {
        // The node it was on died and the others refuse it for a while: every try fails but the last.
        int failing = 5;
        SocketScript sockets = new SocketScript((number, listener) -> {
            if (number > 1 && number <= 1 + failing) {
                throw new OfflineException("node refused the socket (try " + number + ")", null);
            }
            return new FakeSocket(listener);
        });
        try (RepairSyncDevice device = joined(sockets, Duration.ofHours(1))) {
            await().alias("first socket open").atMost(GENEROUS).until(() -> device.syncState()
                    .online());

            sockets.opened.get(0).closeFromServer(1006, "node died");

            await().alias("back online after the failed tries")
                    .atMost(GENEROUS)
                    .until(() -> device.syncState().online() && sockets.tries.get() == failing + 2);
            assertThat(sockets.opened).hasSize(2);
        }
    }

    private RepairSyncDevice joined(SocketScript sockets, Duration keepAlive) {
        DeviceOptions options = DeviceOptions.defaults()
                .withProbeInterval(Duration.ofMillis(20))
                .withKeepAliveInterval(keepAlive)
                .withTransport((url, tokens) -> sockets);
        RepairSyncDevice device = RepairSyncDevice.open(dir.resolve("device.db"), "http://unused", options);
        device.join("owner@shop.test", "secret", "desk");
        return device;
    }

    /** The scripted server, with realtime sockets made by {@code make(try, listener)}, tries numbered from 1. */
    private static final class SocketScript extends ForwardingSyncTransport {
        final List<FakeSocket> opened = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        private final BiFunction<Integer, RealtimeListener, FakeSocket> make;

        SocketScript(BiFunction<Integer, RealtimeListener, FakeSocket> make) {
            super(new ScriptedTransport());
            this.make = make;
        }

        @Override
        public synchronized RealtimeConnection openRealtime(RealtimeListener listener) {
            FakeSocket socket = make.apply(tries.incrementAndGet(), listener);
            opened.add(socket);
            return socket;
        }
    }

    /** A socket whose server can close it, fall silent, or vanish without a word. */
    private static final class FakeSocket implements SyncTransport.RealtimeConnection {
        private final SyncTransport.RealtimeListener listener;
        volatile boolean open = true;
        volatile boolean silent;
        volatile int keepAliveCalls;

        FakeSocket(SyncTransport.RealtimeListener listener) {
            this.listener = listener;
        }

        void closeFromServer(int code, String reason) {
            open = false;
            listener.closed(code, reason);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public synchronized boolean keepAlive(Duration silence) {
            keepAliveCalls++;
            if (open && silent) {
                closeFromServer(1006, "nothing heard from the server");
            }
            return open;
        }

        @Override
        public void close() {
            if (open) {
                closeFromServer(1000, "closed by the client");
            }
        }
    }
}
