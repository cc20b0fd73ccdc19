package com.repairsync.server.realtime;

import com.repairsync.protocol.NamedThreads;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.realtime.RealtimeHub.Connection;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to sockets from sender threads, one per core (at most four), so a slow socket
 * never delays a push response. Each socket belongs to one of them, so its messages leave in
 * order; a broadcast hands each sender one task for its share of the sockets, and the senders
 * write in parallel. A broadcast's message is encoded once ({@link OutgoingMessage}) and its bytes
 * go to every socket as they are: what a socket costs is the transport's framing and its write.
 *
 * <p>A socket's unsent messages are bounded ({@link UnsentBytes}): a message is charged to its
 * socket when it is queued on a sender and released when the transport reports it written or
 * failed, so the count includes what waits in the transport behind a reader that does not read. A
 * socket whose message does not fit is sent {@code {"type":"resync"}} (best effort: it waits behind
 * the rest), closed with 1013 and queued nothing more; once the transport drops the connection its
 * queued messages fail and their bytes are released.
 */
final class SocketSenders {
    private static final Logger log = LoggerFactory.getLogger(SocketSenders.class);
    private static final String RESYNC = "{\"type\":\"resync\"}";

    private final UnsentBytes unsent;
    private final ExecutorService[] senders =
            newSenders(Math.min(4, Runtime.getRuntime().availableProcessors()));

    SocketSenders(UnsentBytes unsent) {
        this.unsent = unsent;
    }

    /** Bytes of messages queued and not yet written, all sockets together. */
    long unsentBytes() {
        return unsent.total();
    }

    /** A new socket's account of unsent bytes. */
    UnsentBytes.Backlog open() {
        return unsent.open();
    }

    /** Sends one socket a message, unless it is closed meanwhile ({@code backlog} null) or too slow. */
    void send(Connection connection, UnsentBytes.Backlog backlog, String text) {
        OutgoingMessage message = OutgoingMessage.of(text);
        long bytes = message.bytes();
        if (backlog != null && charge(connection, backlog, bytes)) {
            submit(
                    senderOf(connection),
                    () -> sendNow(connection, backlog, message, bytes),
                    () -> backlog.release(bytes));
        }
    }

    /** Stops the senders, giving the messages queued on them two seconds to leave. */
    void shutdown() {
        for (ExecutorService sender : senders) {
            sender.shutdown();
        }
        try {
            for (ExecutorService sender : senders) {
                sender.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As {@link #broadcast(Map, OutgoingMessage, Connection, LongConsumer)}, for a message still to encode. */
    void broadcast(Map<Connection, UnsentBytes.Backlog> shop, String text, Connection except, LongConsumer done) {
        broadcast(shop, OutgoingMessage.of(text), except, done);
    }

    /**
     * Sends to every socket of a shop but {@code except} the same encoded message; {@code done} gets
     * the nanoTime the last share ended. A socket the message does not fit is dropped instead.
     */
    void broadcast(
            Map<Connection, UnsentBytes.Backlog> shop, OutgoingMessage message, Connection except, LongConsumer done) {
        long bytes = message.bytes();
        Share[] shares = new Share[senders.length];
        int expected = shop.size() / senders.length + 1;
        shop.forEach((connection, backlog) -> {
            if (connection != except && charge(connection, backlog, bytes)) {
                int sender = senderOf(connection);
                if (shares[sender] == null) {
                    shares[sender] = new Share(expected);
                }
                shares[sender].add(connection, backlog);
            }
        });
        int busy = 0;
        for (Share share : shares) {
            busy += share == null ? 0 : 1;
        }
        AtomicInteger unfinished = new AtomicInteger(busy);
        for (int i = 0; i < senders.length; i++) {
            Share share = shares[i];
            if (share != null) {
                submit(
                        i,
                        () -> {
                            share.send(message, bytes);
                            if (unfinished.decrementAndGet() == 0) {
                                done.accept(System.nanoTime());
                            }
                        },
                        () -> share.release(bytes));
            }
        }
    }

    /** One sender's share of a broadcast: the sockets it was charged to, in two parallel arrays. */
    private static final class Share {
        private Connection[] connections;
        private UnsentBytes.Backlog[] backlogs;
        private int size;

        Share(int capacity) {
            connections = new Connection[capacity];
            backlogs = new UnsentBytes.Backlog[capacity];
        }

        void add(Connection connection, UnsentBytes.Backlog backlog) {
            if (size == connections.length) {
                connections = Arrays.copyOf(connections, size * 2);
                backlogs = Arrays.copyOf(backlogs, size * 2);
            }
            connections[size] = connection;
            backlogs[size] = backlog;
            size++;
        }

        void send(OutgoingMessage message, long bytes) {
            for (int i = 0; i < size; i++) {
                sendNow(connections[i], backlogs[i], message, bytes);
            }
        }

        void release(long bytes) {
            for (int i = 0; i < size; i++) {
                backlogs[i].release(bytes);
            }
        }
    }

    /** Charges a message to a socket; drops the socket (and says false) if it does not fit. */
    private boolean charge(Connection connection, UnsentBytes.Backlog backlog, long bytes) {
        return switch (backlog.charge(bytes)) {
            case FITS -> true;
            case OVER_BUDGET -> {
                drop(connection, backlog, bytes);
                yield false;
            }
            case STOPPED -> false;
        };
    }

    private void drop(Connection connection, UnsentBytes.Backlog backlog, long bytes) {
        Principal who = connection.principal();
        log.warn(
                "realtime socket of device {} in shop {} dropped: {} bytes unsent, a message of {} more does not fit"
                        + " (budget {} per socket, {} of {} in use on this node); told to resync",
                who.deviceId(),
                who.shopId(),
                backlog.unsent(),
                bytes,
                unsent.perSocket(),
                unsent.total(),
                unsent.perNode());
        try {
            connection.send(RESYNC, () -> {});
        } catch (RuntimeException e) {
            log.debug("resync notice not sent", e);
        }
        closeQuietly(connection, RealtimeHub.TOO_SLOW, "too slow: unsent messages passed the budget; pull to resync");
    }

    private void submit(int sender, Runnable sending, Runnable notSent) {
        try {
            senders[sender].execute(sending);
        } catch (RejectedExecutionException shuttingDown) {
            notSent.run();
            log.debug("realtime sender stopped; message dropped");
        }
    }

    /** Hands a charged message to the transport, which releases it once written or failed. */
    private static void sendNow(
            Connection connection, UnsentBytes.Backlog backlog, OutgoingMessage message, long bytes) {
        if (backlog.stopped()) {
            backlog.release(bytes); // dropped or closing since it was queued: nothing more goes out
            return;
        }
        Release release = new Release(backlog, bytes);
        try {
            connection.send(message, release);
        } catch (RuntimeException e) {
            release.run();
            log.debug("socket send failed; the device will catch up by pulling", e);
        }
    }

    /**
     * Releases one message's bytes once, however often the transport reports it (its own flag, as
     * an {@link AtomicBoolean}, so a socket's share costs one object).
     */
    private static final class Release extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;
        private final transient UnsentBytes.Backlog backlog;
        private final long bytes;

        Release(UnsentBytes.Backlog backlog, long bytes) {
            this.backlog = backlog;
            this.bytes = bytes;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                backlog.release(bytes);
            }
        }
    }

    private static ExecutorService[] newSenders(int count) {
        ExecutorService[] senders = new ExecutorService[Math.max(1, count)];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = Executors.newSingleThreadExecutor(NamedThreads.daemon("realtime-sender-" + (i + 1)));
        }
        return senders;
    }

    /** The sender a socket's messages always leave from. */
    private int senderOf(Connection connection) {
        return Math.floorMod(System.identityHashCode(connection), senders.length);
    }

    static void closeQuietly(Connection connection, int status, String reason) {
        try {
            connection.close(status, reason);
        } catch (RuntimeException e) {
            log.debug("closing socket failed", e);
        }
    }
}
