package com.repairsync.server.store.postgres;

import com.repairsync.protocol.NamedThreads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL LISTEN/NOTIFY channel shared by the server nodes of a database.
 *
 * <p>A listener thread holds a dedicated connection that LISTENs and polls for notifications; when
 * the connection breaks it reconnects after a second and calls {@code onListening} again, so the
 * owner can ask the other nodes for what it may have missed. Messages are published in order from
 * one thread over another dedicated connection, each NOTIFY committed on its own, so a publish
 * never waits for or joins a caller's transaction.
 */
public final class PostgresChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresChannel.class);
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1000;

    private final DataSource source;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onListening;
    private final ExecutorService publisher;
    private final Thread listener;
    private volatile boolean closed;
    private Connection publishing;

    PostgresChannel(DataSource source, String channel, Consumer<String> onMessage, Runnable onListening) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel name must be a lower-case SQL identifier: " + channel);
        }
        this.source = source;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onListening = onListening;
        this.publisher = Executors.newSingleThreadExecutor(NamedThreads.daemon(channel + "-publisher"));
        this.listener = NamedThreads.daemon(channel + "-listener").newThread(this::listen);
    }

    void start() {
        listener.start();
    }

    /** Sends a message to every listening node, this one included; in order, never blocking. */
    public void publish(String message) {
        if (closed) {
            return;
        }
        publisher.execute(() -> send(message));
    }

    private void send(String message) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                if (publishing == null || publishing.isClosed()) {
                    publishing = source.getConnection();
                    publishing.setAutoCommit(true);
                }
                try (PreparedStatement notify = publishing.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, channel);
                    notify.setString(2, message);
                    notify.execute();
                }
                return;
            } catch (SQLException e) {
                log.warn("channel {}: publish failed (attempt {}): {}", channel, attempt, e.getMessage());
                closePublishing();
            }
        }
    }

    private void closePublishing() {
        if (publishing != null) {
            try {
                publishing.close();
            } catch (SQLException e) {
                log.debug("channel {}: closing the publishing connection failed", channel, e);
            }
            publishing = null;
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = source.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                log.debug("channel {}: listening", channel);
                onListening.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                log.warn(
                        "channel {}: listening connection lost ({}); reconnecting in {} ms",
                        channel,
                        e.getMessage(),
                        RECONNECT_MILLIS);
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(String message) {
        try {
            onMessage.accept(message);
        } catch (RuntimeException e) {
            log.warn("channel {}: handling a message failed: {}", channel, message, e);
        }
    }

    /** Sends what was published so far, then stops listening and closes both connections. */
    @Override
    public void close() {
        publisher.shutdown();
        try {
            if (!publisher.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("channel {}: messages still unsent at close", channel);
            }
            closed = true;
            listener.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            publisher.shutdownNow();
            closePublishing();
        }
    }
}
