package com.repairsync.desk.backend;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.Presence;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncState;
import com.repairsync.protocol.NamedThreads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's only door to the SDK. Every call runs off the JavaFX thread and its result comes back
 * on it; SDK events (sync state, record changes, presence) are forwarded to the JavaFX thread too.
 *
 * <p>Three threads: {@code desk-sdk} reads and writes the local database (quick, never the network)
 * and owns the device's lifecycle; {@code desk-net} runs what waits on the server (join, sync now,
 * full sync, a record's history, the audit, an erasure), so a slow network never delays a
 * screen's reload; {@code desk-files} opens and saves attachments whose file may have to be
 * downloaded first. The device's own worker pushes and pulls, and its file lane uploads, in the
 * background.
 */
public final class DeskBackend implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskBackend.class);
    private static volatile Consumer<Throwable> unhandled = e -> log.warn("desk call failed", e);

    private final Path dir;
    private final DeviceOptions baseOptions;
    private final DeskSettings settings;
    private final ExecutorService sdk = Executors.newSingleThreadExecutor(NamedThreads.daemon("desk-sdk"));
    private final ExecutorService net = Executors.newSingleThreadExecutor(NamedThreads.daemon("desk-net"));
    private final ExecutorService files = Executors.newSingleThreadExecutor(NamedThreads.daemon("desk-files"));
    private final List<Consumer<SyncState>> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Consumer<Set<String>>> recordListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Consumer<List<Presence.OnlineDevice>>> presenceListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> changedEntities = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private volatile RepairSyncDevice device;

    /**
     * A backend for the device database in {@code dir}; a device that joined before is opened at
     * once (in the background) and starts syncing.
     */
    public DeskBackend(Path dir, DeviceOptions options) {
        this.dir = dir;
        this.baseOptions = options.withTransport((url, trust, tokens) ->
                new FxGuardedTransport(options.transport().open(url, trust, tokens)));
        this.settings = DeskSettings.load(dir.resolve("desk.properties"));
    }

    /** Sets what happens to a failed call whose caller gave no error handler (the app shows it). */
    public static void onUnhandled(Consumer<Throwable> handler) {
        unhandled = handler;
    }

    static void reportUnhandled(Throwable error) {
        unhandled.accept(error);
    }

    /** How long the desk may go without input before it locks (the {@code lockAfterMinutes} setting). */
    public Duration lockAfter() {
        return settings.lockAfter();
    }

    /** The server URL this device joined, if it did (from the desk's settings). */
    public String serverUrl() {
        return settings.serverUrl();
    }

    /** Opens the device if it joined before; the result says whether it did. */
    public Later<Boolean> start() {
        return onSdk(() -> {
            if (settings.serverUrl() == null) {
                return false;
            }
            openDevice(settings.serverUrl());
            return device.joined();
        });
    }

    /**
     * Joins a shop with an admin's or manager's e-mail and password; needs the network. Over https
     * the device pins the server's certificate: the one with {@code fingerprint}, or (null) the one
     * the server presents now.
     */
    public Later<Void> join(String serverUrl, String email, String password, String deviceName, String fingerprint) {
        return later(CompletableFuture.supplyAsync(
                        () -> {
                            openDevice(serverUrl);
                            return device;
                        },
                        sdk)
                .thenApplyAsync(
                        opened -> {
                            FxGuard.requireOffFxThread("join");
                            opened.join(email, password, deviceName, fingerprint);
                            settings.serverUrl(serverUrl);
                            settings.save();
                            return opened;
                        },
                        net)
                .thenApplyAsync(
                        joined -> {
                            reopen(); // a joined device starts its background sync when opened
                            return null;
                        },
                        sdk));
    }

    /** Runs a read or a local write on the device, off the JavaFX thread. */
    public <T> Later<T> call(Function<RepairSyncDevice, T> work) {
        return onSdk(() -> work.apply(joinedDevice()));
    }

    /**
     * Why the server ended this desk's sign-in (it was removed from the shop, or its person signed
     * out everywhere), or null while it is signed in (or never joined).
     */
    public Later<String> signedOutReason() {
        return onSdk(() -> {
            RepairSyncDevice current = device;
            if (current != null && current.wiped()) {
                return "This computer was removed from the shop and, as the shop asked, its data deleted after"
                        + " what it had not sent went to the owner. Restart RepairSync Desk to sign in again.";
            }
            return current == null || current.identity().signedIn()
                    ? null
                    : current.syncState().lastError();
        });
    }

    /**
     * Runs work that may wait for the server's file lane (opening or saving an attachment whose file
     * is not on this computer yet) on the {@code desk-files} thread, so neither a screen's reload nor
     * a sync waits behind a download.
     */
    public <T> Later<T> fetchFile(Function<RepairSyncDevice, T> work) {
        try {
            return later(CompletableFuture.supplyAsync(() -> work.apply(joinedDevice()), files));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return later(new CompletableFuture<>());
        }
    }

    /**
     * Runs a call that asks the server (a record's history, the shop's audit, erasing a customer)
     * on the network thread, so waiting for the server never delays a screen's reload.
     */
    public <T> Later<T> askServer(Function<RepairSyncDevice, T> work) {
        try {
            return later(CompletableFuture.supplyAsync(() -> work.apply(joinedDevice()), net));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return later(new CompletableFuture<>());
        }
    }

    /** Whether a failure says the server cannot be reached (so a file not held here cannot be had now). */
    public static boolean offline(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof com.repairsync.client.transport.OfflineException) {
                return true;
            }
        }
        return false;
    }

    /** A local write with no result. */
    public Later<Void> run(Consumer<RepairSyncDevice> work) {
        return call(d -> {
            work.accept(d);
            return null;
        });
    }

    /** Pushes and pulls now and waits for the server (on the network thread). */
    public Later<Void> syncNow() {
        return later(CompletableFuture.supplyAsync(
                () -> {
                    FxGuard.requireOffFxThread("syncNow");
                    joinedDevice().syncNow();
                    return null;
                },
                net));
    }

    /** The appointments range this device downloads, or nulls for all. */
    public Instant[] appointmentRange() {
        return new Instant[] {settings.appointmentsFrom(), settings.appointmentsTo()};
    }

    /**
     * Narrows (or widens) the appointments this device downloads to [from, to) (nulls: all), then
     * pulls everything again under the new selection.
     */
    public Later<Void> selectAppointments(Instant from, Instant to) {
        return later(CompletableFuture.supplyAsync(
                        () -> {
                            settings.appointments(from, to);
                            settings.save();
                            reopen();
                            return device;
                        },
                        sdk)
                .thenApplyAsync(
                        reopened -> {
                            reopened.fullSync();
                            return null;
                        },
                        net));
    }

    public void addSyncStateListener(Consumer<SyncState> listener) {
        stateListeners.add(listener);
    }

    /** Told on the JavaFX thread which entities changed (local writes, pushes, pulls), coalesced. */
    public void addRecordListener(Consumer<Set<String>> listener) {
        recordListeners.add(listener);
    }

    /** Told on the JavaFX thread which devices of the shop are online whenever one comes or goes. */
    public void addPresenceListener(Consumer<List<Presence.OnlineDevice>> listener) {
        presenceListeners.add(listener);
    }

    private RepairSyncDevice joinedDevice() {
        FxGuard.requireOffFxThread("RepairSyncDevice");
        RepairSyncDevice current = device;
        if (current == null || !current.joined()) {
            throw new IllegalStateException("this desk has not joined a shop yet");
        }
        return current;
    }

    /** Opens the device database for a server, closing a previous one. On desk-sdk. */
    private void openDevice(String serverUrl) {
        FxGuard.requireOffFxThread("open device");
        if (device != null) {
            device.close();
        }
        DeviceOptions options =
                baseOptions.withSelection(List.of(), settings.appointmentsFrom(), settings.appointmentsTo());
        RepairSyncDevice opened = RepairSyncDevice.open(dir.resolve("device.db"), serverUrl, options);
        opened.addSyncStateListener(state -> onFx(() -> stateListeners.forEach(l -> l.accept(state))));
        opened.addRecordListener((entity, id) -> recordChanged(entity));
        opened.addPresenceListener(change -> onFx(() -> presenceListeners.forEach(l -> l.accept(change.online()))));
        device = opened;
        SyncState state = opened.syncState();
        onFx(() -> stateListeners.forEach(l -> l.accept(state)));
    }

    private void reopen() {
        openDevice(settings.serverUrl());
        recordChanged("*");
    }

    private void recordChanged(String entity) {
        changedEntities.add(entity);
        if (flushQueued.compareAndSet(false, true)) {
            onFx(() -> {
                flushQueued.set(false);
                Set<String> changed = new HashSet<>(changedEntities);
                changedEntities.removeAll(changed);
                recordListeners.forEach(l -> l.accept(changed));
            });
        }
    }

    /**
     * Runs work on the SDK thread. After {@link #close()} (a screen's callback can still arrive on the
     * JavaFX thread while the window closes) the work is not run and its result never comes: there is
     * no window left to show it, and nothing is written.
     */
    private <T> Later<T> onSdk(java.util.function.Supplier<T> work) {
        try {
            return later(CompletableFuture.supplyAsync(work, sdk));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return later(new CompletableFuture<>());
        }
    }

    private static <T> Later<T> later(CompletableFuture<T> future) {
        return new Later<>(future);
    }

    private static void onFx(Runnable action) {
        try {
            Platform.runLater(action);
        } catch (IllegalStateException toolkitGone) {
            // the app is shutting down
        }
    }

    /** Closes the device (what was written is stored) and stops both threads. */
    @Override
    public void close() {
        net.shutdownNow();
        files.shutdownNow();
        sdk.execute(() -> {
            if (device != null) {
                device.close();
            }
        });
        sdk.shutdown();
        try {
            sdk.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a failure says the server ended this computer's sign-in (removed it, or signed its person out). */
    public static boolean signInEnded(Throwable failure) {
        return failure instanceof com.repairsync.client.transport.UnauthorizedException unauthorized
                && (unauthorized.code() == com.repairsync.protocol.ErrorCode.DEVICE_REVOKED
                        || unauthorized.code() == com.repairsync.protocol.ErrorCode.SESSION_REVOKED);
    }
}
