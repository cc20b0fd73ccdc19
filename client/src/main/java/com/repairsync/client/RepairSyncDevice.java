package com.repairsync.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.internal.OutboxEntry;
import com.repairsync.client.internal.PinHasher;
import com.repairsync.client.internal.PinPad;
import com.repairsync.client.internal.Records;
import com.repairsync.client.internal.SqlitePinLockStore;
import com.repairsync.client.internal.StepUps;
import com.repairsync.client.internal.SyncEngine;
import com.repairsync.client.records.Appointments;
import com.repairsync.client.records.Customers;
import com.repairsync.client.records.Employees;
import com.repairsync.client.records.InventoryItems;
import com.repairsync.client.records.TicketParts;
import com.repairsync.client.records.Tickets;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shop's device: its local database, its typed repositories, and the sync engine that runs in
 * the background (or when the app calls {@link #syncNow()}).
 *
 * <p>Everything the app writes is stored locally first, with its outbox mutation, in one
 * transaction; the app never waits for the network. While {@link DeviceOptions#autoSync()} is on,
 * a worker pushes and pulls after every write, when the realtime socket announces a change, and
 * when the server comes back; the socket and a health probe keep {@link SyncState#online()} true
 * to the network.
 */
public final class RepairSyncDevice implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final LocalDatabase db;
    private final DeviceOptions options;
    private final SyncTransport transport;
    private final String serverUrl;
    /** The certificate this device pinned, or first use until a TLS connection settles it. */
    private final ServerTrust trust;

    private volatile HlcClock hlc;
    private final DeviceCore core;
    private final SyncEngine engine;
    private final ScheduledExecutorService worker;
    private final List<Consumer<SyncState>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Presence>> presenceListeners = new CopyOnWriteArrayList<>();
    private volatile List<Presence.OnlineDevice> onlineDevices = List.of();

    private volatile boolean online;
    private volatile boolean syncing;
    private volatile double progress = 1.0;
    private final StepUps stepUps = new StepUps();
    private volatile String lastError;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean syncQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> probe;
    private ScheduledFuture<?> keepAlive;
    private SyncTransport.RealtimeConnection socket;

    private final Customers customers;
    private final Tickets tickets;
    private final TicketParts ticketParts;
    private final InventoryItems inventoryItems;
    private final Employees employees;
    private final Appointments appointments;

    private RepairSyncDevice(LocalDatabase db, String serverUrl, DeviceOptions options, String node) {
        this.db = db;
        this.options = options;
        this.serverUrl = serverUrl;
        this.trust = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SERVER_CERTIFICATE))
                .map(ServerTrust::pinned)
                .orElseGet(ServerTrust::firstUse);
        this.transport = options.transport().open(serverUrl, trust);
        this.hlc = new HlcClock(options.clock(), node);
        DeviceCore.highWater(db).ifPresent(hlc::receive);
        PinPad pinPad = new PinPad(options.clock(), new SqlitePinLockStore(db), new PinHasher(options.pinCost()));
        this.core = new DeviceCore(db, options.clock(), () -> hlc, options::priorityOf, pinPad, this::written, stepUps);
        this.engine = new SyncEngine(
                db,
                transport,
                options.clock(),
                () -> hlc,
                options.retry(),
                options.random(),
                options.batchSize(),
                options.pageSize(),
                new SyncEngine.PullFilter(options.entities(), options.appointmentsFrom(), options.appointmentsTo()),
                new SyncEngine.Listener() {
                    @Override
                    public void progress(double fraction) {
                        progress = fraction;
                        publishState();
                    }

                    @Override
                    public void pushed() {
                        publishState();
                    }

                    @Override
                    public void recordsChanged(Set<String> keys) {
                        notifyRecords(keys);
                    }
                },
                stepUps);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "repairsync-sync");
            thread.setDaemon(true);
            return thread;
        });
        this.customers = new Customers(core);
        this.tickets = new Tickets(core);
        this.ticketParts = new TicketParts(core);
        this.inventoryItems = new InventoryItems(core);
        this.employees = new Employees(core);
        this.appointments = new Appointments(core);
    }

    /**
     * Opens (or creates) a device database, encrypted with its key from {@link DeviceOptions#keys()}
     * (a plain one from an earlier release is encrypted in place), and, if the device already joined
     * a shop and auto-sync is on, starts syncing in the background.
     *
     * @throws LocalStoreException if the database cannot be opened, or its key is not found
     */
    public static RepairSyncDevice open(Path file, String serverUrl, DeviceOptions options) {
        LocalDatabase db = options.keys()
                .vault()
                .map(keys -> LocalDatabase.open(file, keys))
                .orElseGet(() -> LocalDatabase.openUnencrypted(file));
        String node =
                db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID)).orElse("unjoined");
        RepairSyncDevice device = new RepairSyncDevice(db, serverUrl, options, node);
        if (device.joined() && options.autoSync()) {
            device.startBackground();
        }
        return device;
    }

    /**
     * Joins a shop: signs in with an employee's e-mail and password (an admin or manager, to let
     * employees switch in by PIN), stores the tokens, and pulls the shop's data. Over https the
     * device pins the server's certificate on this first use; {@link #join(String, String, String,
     * String)} checks it against the fingerprint the server printed instead.
     *
     * @throws com.repairsync.client.transport.UnauthorizedException for a wrong e-mail or password
     * @throws OfflineException if the server cannot be reached; join needs the network once
     */
    public void join(String email, String password, String deviceName) {
        join(email, password, deviceName, null);
    }

    /**
     * Joins a shop like {@link #join(String, String, String)}, accepting only the server
     * certificate with this SHA-256 fingerprint (as the server prints it at start), or any
     * certificate on first use when it is null.
     *
     * @throws UntrustedCertificateException if the server presents another certificate
     * @throws IllegalArgumentException if the fingerprint is malformed, or differs from the one
     *     this device already pinned ({@link #repinCertificate(String)} changes that)
     */
    public void join(String email, String password, String deviceName, String expectedFingerprint) {
        if (expectedFingerprint != null) {
            trust.expect(expectedFingerprint);
        }
        String knownDevice =
                db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID)).orElse(null);
        SyncTransport.Session session = transport.login(email, password, deviceName, knownDevice);
        if (knownDevice != null && !knownDevice.equals(session.deviceId())) {
            throw new IllegalStateException("the server gave this device a new id; open a new device database");
        }
        // Pinned before the tokens are stored: a device never holds tokens for an unpinned server.
        pinOnFirstUse();
        SyncEngine.storeSession(db, session, options.clock().instant());
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.DEVICE_NAME, deviceName);
            DeviceInfo.put(tx, DeviceInfo.SERVER_URL, serverUrl);
            return null;
        });
        if (knownDevice == null) {
            // The HLC node is the device id, which the server assigns at the first join. Before it no
            // write can be made (there is no acting employee), so nothing carries the old node.
            hlc = new HlcClock(options.clock(), session.deviceId());
        }
        syncNow();
        if (options.autoSync()) {
            startBackground();
        }
    }

    /**
     * Signs this device out: forgets its tokens and acting employee and asks the server to revoke
     * the login. Records and queued changes stay in the local database and go out after the next
     * {@link #join}; nothing saved is lost.
     *
     * @return true if the server revoked the login, false if it could not be reached (the tokens
     *     are forgotten on the device all the same) or the device was not signed in
     */
    public boolean signOut() {
        java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
        await(worker.submit(() -> {
            cancelProbe();
            if (socket != null) {
                socket.close();
                socket = null;
            }
            String refreshToken = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.REFRESH_TOKEN))
                    .orElse(null);
            if (refreshToken == null) {
                return;
            }
            try {
                transport.logout(refreshToken);
                revoked.set(true);
            } catch (TransportException e) {
                log.info("could not tell the server about the sign-out: {}", e.getMessage());
            }
            stepUps.clear();
            db.transaction(tx -> tx.update(
                    "DELETE FROM device_info WHERE key IN (?, ?, ?, ?, ?, ?)",
                    DeviceInfo.ACCESS_TOKEN,
                    DeviceInfo.REFRESH_TOKEN,
                    DeviceInfo.ACCESS_EXPIRES_AT,
                    DeviceInfo.ACTING_EMPLOYEE,
                    DeviceInfo.SIGNED_IN_EMPLOYEE,
                    DeviceInfo.SIGNED_IN_ROLE));
            online = false;
        }));
        updatePresence(new Presence("disconnected", null, List.of()));
        publishState();
        return revoked.get();
    }

    /**
     * Confirms the acting employee's password with the server (online), for the few minutes that
     * creating an admin or making someone one needs it. Changes that waited for a confirmation go
     * out now. The confirmation stays in memory only.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code reauthentication_required}
     *     for a wrong password, {@code forbidden} for an employee this device may not act for
     * @throws OfflineException if the server cannot be reached
     */
    public void confirmPassword(String password) {
        String actor = core.actingEmployee();
        SyncTransport.StepUp confirmed = engine.withAccessToken(token -> transport.stepUp(token, actor, password));
        java.time.Instant now = options.clock().instant();
        stepUps.confirmed(actor, confirmed.token(), now.plusSeconds(confirmed.expiresInSeconds()));
        int waiting = db.transaction(tx -> Outbox.confirmed(tx, actor));
        if (waiting > 0) {
            requestSync();
        }
    }

    /** How many queued changes wait for a password confirmation ({@link #confirmPassword}). */
    public int awaitingConfirmation() {
        return db.transaction(Outbox::awaitingConfirmationCount);
    }

    /**
     * The shop's devices, removed ones too, most recently seen first. Online: asks the server.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code forbidden} unless the
     *     employee who signed this device in is an admin or manager
     * @throws OfflineException if the server cannot be reached
     */
    public List<ShopDevice> devices() {
        return engine.withAccessToken(transport::devices);
    }

    /**
     * Removes a lost or stolen device from the shop: the server refuses its tokens and closes its
     * sockets at once on every node, and the device keeps what it had queued, unsent. Online.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code forbidden} unless an
     *     admin or manager who does not rank below the device's signer signed this device in, {@code
     *     not_found} for a device not of the shop
     */
    public ShopDevice revokeDevice(String deviceId) {
        return engine.withAccessToken(token -> transport.revokeDevice(token, deviceId));
    }

    /**
     * The server certificate this device trusts: the SHA-256 fingerprint it pinned, {@value
     * ServerTrust#AUTHORITIES} for a certificate authorities vouch for, or empty before a join over
     * https (plain http pins nothing).
     */
    public Optional<String> serverCertificate() {
        return trust.pin();
    }

    /**
     * Trusts another server certificate from now on, after the shop replaced its server's
     * certificate on purpose. Compare the fingerprint with the one the server prints; a refused
     * connection's {@link UntrustedCertificateException#presented()} says what the server shows.
     *
     * @return the fingerprint pinned, in canonical form
     * @throws IllegalArgumentException if it is not a SHA-256 fingerprint or {@value
     *     ServerTrust#AUTHORITIES}
     */
    public String repinCertificate(String fingerprint) {
        String pinned = trust.repin(fingerprint);
        storePin(pinned);
        log.info("pinned server certificate {}", pinned);
        requestSync();
        return pinned;
    }

    /** Stores the pin the first TLS connection settled on; nothing to do over http or once pinned. */
    private void pinOnFirstUse() {
        if (trust.pin().isPresent() || trust.presentedFingerprint().isEmpty()) {
            return;
        }
        String pinned = trust.settle();
        storePin(pinned);
        log.info("pinned server certificate {} on first use", pinned);
    }

    private void storePin(String pinned) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.SERVER_CERTIFICATE, pinned);
            return null;
        });
    }

    /** Who this device is and where it syncs. */
    public DeviceIdentity identity() {
        return db.transaction(tx -> {
            java.util.function.Function<String, String> info = key -> {
                try {
                    return DeviceInfo.get(tx, key).orElse(null);
                } catch (java.sql.SQLException e) {
                    throw new LocalStoreException("device database: " + e.getMessage(), e);
                }
            };
            String signedIn = info.apply(DeviceInfo.SIGNED_IN_EMPLOYEE);
            String acting = info.apply(DeviceInfo.ACTING_EMPLOYEE);
            return new DeviceIdentity(
                    info.apply(DeviceInfo.SERVER_URL),
                    info.apply(DeviceInfo.SHOP_ID),
                    info.apply(DeviceInfo.DEVICE_ID),
                    info.apply(DeviceInfo.DEVICE_NAME),
                    signedIn,
                    info.apply(DeviceInfo.SIGNED_IN_ROLE),
                    acting != null ? acting : signedIn,
                    DeviceInfo.cursor(tx),
                    info.apply(DeviceInfo.REFRESH_TOKEN) != null);
        });
    }

    /** True once the device joined a shop. */
    public boolean joined() {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.REFRESH_TOKEN))
                .isPresent();
    }

    public Customers customers() {
        return customers;
    }

    public Tickets tickets() {
        return tickets;
    }

    public TicketParts ticketParts() {
        return ticketParts;
    }

    public InventoryItems inventoryItems() {
        return inventoryItems;
    }

    public Employees employees() {
        return employees;
    }

    public Appointments appointments() {
        return appointments;
    }

    /** The employee the device acts for (every write records it). */
    public String actingEmployee() {
        return core.actingEmployee();
    }

    /**
     * Switches the acting employee after checking their PIN against the synced hash; works offline.
     * The shop's presence shows the new acting employee once the realtime socket is up.
     *
     * <p>A right PIN whose hash is older (cheaper) than this device's {@link PinCost} is hashed
     * again at the new cost and saved as the employee's own change, without asking.
     *
     * @throws WrongPinException for a wrong PIN (with the attempts left before a lock)
     * @throws PinLockedException while PIN entry is locked after repeated wrong PINs
     * @throws PinChangeRequiredException if the PIN was right but is shorter than the employee's
     *     role requires (6 digits for admins and managers): nothing switched, call {@link
     *     #switchEmployee(String, String, String)}
     */
    public void switchEmployee(String employeeId, String pin) {
        core.switchEmployee(employeeId, pin);
        announceActing();
    }

    /**
     * Switches the acting employee after checking their PIN, and sets their new PIN (the answer to
     * {@link PinChangeRequiredException}, or any employee changing their own PIN). The new hash is
     * saved as the employee's own change and syncs; the PIN itself never leaves this call.
     *
     * @throws IllegalArgumentException if {@code newPin} is not 4 to 8 digits or is shorter than the
     *     employee's role requires; checked before the old PIN, which then counts no attempt
     * @throws WrongPinException for a wrong PIN (with the attempts left before a lock)
     * @throws PinLockedException while PIN entry is locked after repeated wrong PINs
     */
    public void switchEmployee(String employeeId, String pin, String newPin) {
        core.switchEmployee(employeeId, pin, newPin);
        announceActing();
    }

    /** Tells the server over the realtime socket who acts on this device now, if it is open. */
    private void announceActing() {
        if (closed || !options.autoSync()) {
            return;
        }
        try {
            worker.execute(() -> tellActing(true));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            log.debug("device closing; acting employee not announced");
        }
    }

    /**
     * Worker thread. Says {@code {"type":"acting"}} on the open socket; on a new socket only when
     * the acting employee is not the signed-in one (the server starts from that one).
     */
    private void tellActing(boolean always) {
        SyncTransport.RealtimeConnection current = socket;
        if (closed || current == null || !current.isOpen()) {
            return; // the next socket says it when it opens
        }
        Optional<String> acting;
        String signedIn;
        try {
            acting = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.ACTING_EMPLOYEE));
            signedIn = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_EMPLOYEE))
                    .orElse(null);
        } catch (RuntimeException e) {
            log.warn("cannot read the acting employee to tell the server", e);
            return;
        }
        String employeeId = acting.orElse(signedIn);
        if (employeeId == null || (!always && employeeId.equals(signedIn))) {
            return;
        }
        String message = Json.MAPPER
                .createObjectNode()
                .put("type", "acting")
                .put("employeeId", employeeId)
                .toString();
        if (!current.send(message)) {
            log.debug("realtime socket cannot send; presence shows the signed-in employee");
        }
    }

    /** A record's sync status. */
    public SyncStatus status(String entity, String id) {
        return core.status(entity, id);
    }

    // ------------------------------------------------------------------ sync

    /**
     * Pushes and pulls now, on the sync worker, and waits for it.
     *
     * @throws OfflineException if the server cannot be reached (no retry attempt is spent)
     * @throws ServerBusyException if the server failed; the attempt was recorded
     */
    public void syncNow() {
        await(worker.submit(() -> runSync(false)));
    }

    /** Forgets the cursor and pulls everything again, then pushes and pulls as usual. */
    public void fullSync() {
        await(worker.submit(() -> runSync(true)));
    }

    private static void await(java.util.concurrent.Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while syncing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs on the worker thread. */
    private void runSync(boolean full) {
        syncing = true;
        progress = 0;
        publishState();
        try {
            if (full) {
                engine.resync();
            } else {
                engine.sync();
            }
            online = true;
            lastError = null;
            pinOnFirstUse(); // a device that joined over http and now syncs over https
        } catch (UntrustedCertificateException e) {
            online = false;
            lastError = "server certificate refused: " + e.getMessage();
            ensureProbing();
            throw e;
        } catch (OfflineException e) {
            online = false;
            lastError = "offline: " + e.getMessage();
            ensureProbing();
            throw e;
        } catch (TransportException e) {
            lastError = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            log.warn("sync failed", e);
            throw e;
        } finally {
            syncing = false;
            progress = 1.0;
            scheduleDueRetry();
            publishState();
        }
    }

    /**
     * Stores changes the realtime socket carried, on the worker (after any sync queued before it);
     * a device that cannot use them, or finds its cursor moved meanwhile, syncs as for a cursor.
     */
    private void applyCarried(long fromCursor, PullResponse changes) {
        if (closed || !options.autoSync()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    if (engine.applyCarried(fromCursor, changes) == SyncEngine.Carried.PULL) {
                        requestSync();
                    }
                } catch (RuntimeException e) {
                    log.debug("carried changes not stored ({}); pulling instead", e.getMessage());
                    requestSync();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // closing: the next start pulls
        }
    }

    /**
     * Asks the worker for a sync. Requests made while one is queued collapse into it; a request
     * made while a sync runs queues the next one, so no change announced meanwhile is missed.
     */
    private void requestSync() {
        if (closed || !options.autoSync() || !syncQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                syncQueued.set(false);
                try {
                    runSync(false);
                } catch (RuntimeException e) {
                    log.debug("background sync did not finish: {}", e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            syncQueued.set(false);
        }
    }

    /** Asks for a sync after a delay (the next retry); a later timer replaces an earlier one only if sooner. */
    private synchronized void requestSyncIn(Duration delay) {
        if (closed || !options.autoSync()) {
            return;
        }
        if (retryTimer != null && !retryTimer.isDone()) {
            if (retryTimer.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            retryTimer.cancel(false);
        }
        retryTimer = worker.schedule(this::requestSync, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a sync, wakes up again when the earliest mutation waiting for a retry is due. */
    private void scheduleDueRetry() {
        if (!online || closed) {
            return;
        }
        Instant now = options.clock().instant();
        Instant due = db.transaction(tx -> Outbox.nextRetryAfter(tx, now));
        if (due != null) {
            requestSyncIn(Duration.between(now, due));
        }
    }

    private void startBackground() {
        startKeepAlive();
        worker.execute(this::connect);
    }

    /**
     * Opens the realtime socket; on failure, probes the server until it answers. Worker thread, so
     * the probe, the keep-alive check and sign-out never run at the same time as this.
     */
    private void connect() {
        if (closed) {
            return;
        }
        if (socket != null && socket.isOpen()) {
            // A probe after a request failed finds the socket still up: the server answers again.
            cancelProbe();
            online = true;
            publishState();
            requestSync();
            return;
        }
        SyncTransport.RealtimeConnection opened;
        try {
            opened = openSocket();
        } catch (UnauthorizedException signedOut) {
            // The sign-in ended: no socket, no probing, no retries until someone joins the device again.
            online = false;
            lastError = signedOut.getMessage();
            cancelProbe();
            publishState();
            return;
        } catch (TransportException e) {
            online = false;
            lastError = "offline: " + e.getMessage();
            publishState();
            ensureProbing();
            return;
        }
        socket = opened;
        cancelProbe();
        online = true;
        if (!opened.isOpen()) {
            // It closed while opening (a server shutting down): its closed() may have run before the
            // two lines above undid it, so go back to probing rather than trust a dead socket.
            online = false;
            ensureProbing();
            publishState();
            return;
        }
        publishState();
        tellActing(false);
        requestSync();
    }

    /** Every {@code keepAliveInterval}, makes sure the open socket still reaches the server. */
    private synchronized void startKeepAlive() {
        if (closed || !options.autoSync() || (keepAlive != null && !keepAlive.isDone())) {
            return;
        }
        long every = options.keepAliveInterval().toMillis();
        keepAlive = worker.scheduleWithFixedDelay(this::checkSocket, every, every, TimeUnit.MILLISECONDS);
    }

    /** Worker thread. A socket given up tells its listener, which starts the probe. */
    private void checkSocket() {
        SyncTransport.RealtimeConnection current = socket;
        if (current == null || current.keepAlive(options.keepAliveInterval()) || !online) {
            return;
        }
        // Closed without telling its listener (a transport that cannot ping): the same as closed().
        online = false;
        publishState();
        ensureProbing();
    }

    private SyncTransport.RealtimeConnection openSocket() {
        SyncTransport.RealtimeListener listener = new SyncTransport.RealtimeListener() {
            @Override
            public void cursor(long cursor) {
                long local = db.transaction(DeviceInfo::cursor);
                if (cursor > local) {
                    requestSync();
                }
            }

            @Override
            public void changes(long fromCursor, PullResponse changes) {
                applyCarried(fromCursor, changes);
            }

            @Override
            public void presence(com.fasterxml.jackson.databind.JsonNode message) {
                updatePresence(Presences.apply(onlineDevices, message));
            }

            @Override
            public void closed(int statusCode, String reason) {
                online = false;
                updatePresence(new Presence("disconnected", null, List.of()));
                publishState();
                ensureProbing();
            }
        };
        String token = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.ACCESS_TOKEN))
                .orElseThrow(() -> new UnauthorizedException(
                        ErrorCode.SESSION_REVOKED,
                        SyncEngine.signedOutReason(db).orElse("this device has not joined a shop")));
        try {
            return transport.openRealtime(token, listener);
        } catch (UnauthorizedException expired) {
            return transport.openRealtime(engine.refresh(), listener);
        }
    }

    /** While the socket is down, checks the server's health and reconnects when it answers. */
    private synchronized void ensureProbing() {
        if (closed || !options.autoSync() || (probe != null && !probe.isDone())) {
            return;
        }
        long every = options.probeInterval().toMillis();
        probe = worker.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (SyncEngine.signedOutReason(db).isPresent()) {
                            cancelProbe(); // nothing to reconnect to until the device joins again
                            return;
                        }
                        transport.health();
                        connect();
                    } catch (TransportException down) {
                        online = false;
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void cancelProbe() {
        if (probe != null) {
            probe.cancel(false);
            probe = null;
        }
    }

    // ------------------------------------------------------------------ failed queue and conflicts

    /** Mutations the server refused or kept failing on, oldest first. */
    public List<FailedMutation> failedMutations() {
        return db.transaction(Outbox::failed).stream()
                .map(entry -> new FailedMutation(
                        entry.mutationId(),
                        entry.entity(),
                        entry.recordId(),
                        entry.op().wireName(),
                        entry.fields() == null ? Map.of() : Json.MAPPER.convertValue(entry.fields(), FIELDS),
                        entry.lastCode(),
                        entry.lastMessage(),
                        entry.lastField(),
                        entry.attempts(),
                        entry.lastErrorAt()))
                .toList();
    }

    /** Queues a failed mutation (and the rest of its group) again, as it is. */
    public void retry(String mutationId) {
        retry(mutationId, Map.of());
    }

    /**
     * Queues a failed upsert again with some fields edited (for example the one the server named).
     *
     * @throws InvalidRecordException if an edited value breaks the entity's declaration
     * @throws IllegalArgumentException if no failed mutation has this id
     */
    public void retry(String mutationId, Map<String, ?> editedFields) {
        Set<String> touched = new HashSet<>();
        db.transaction(tx -> {
            OutboxEntry failed = failedEntry(tx, mutationId);
            ObjectNode edited = editedFields.isEmpty() ? null : edited(failed, editedFields);
            for (OutboxEntry member : unitOf(tx, failed)) {
                Outbox.requeue(
                        tx,
                        member,
                        member.mutationId().equals(mutationId) ? edited : null,
                        hlc.now().toString());
                Records.rebase(
                        tx, member.entity(), member.recordId(), options.clock().instant());
                touched.add(member.entity() + "/" + member.recordId());
            }
            return null;
        });
        written(touched);
    }

    /** The failed upsert's fields with edits applied, each edit checked against the declaration. */
    private static ObjectNode edited(OutboxEntry failed, Map<String, ?> editedFields) {
        ObjectNode raw = Json.MAPPER.createObjectNode();
        editedFields.forEach((name, value) -> raw.set(name, Json.wire(value)));
        ObjectNode edits;
        try {
            edits = Json.wireObject(
                    MutationRules.fields(Schema.entity(failed.entity()).orElseThrow(), raw));
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
        return failed.fields() == null ? edits : failed.fields().deepCopy().setAll(edits);
    }

    /**
     * Drops a failed mutation, the rest of its group, and any later change of the same record
     * made on top of it; the record shows the server's version again.
     */
    public void discard(String mutationId) {
        Set<String> touched = new HashSet<>();
        db.transaction(tx -> {
            OutboxEntry failed = failedEntry(tx, mutationId);
            for (OutboxEntry member : unitOf(tx, failed)) {
                for (OutboxEntry later : Outbox.ofRecord(tx, member.entity(), member.recordId())) {
                    if (later.seq() >= member.seq()) {
                        Outbox.remove(tx, later.mutationId());
                    }
                }
                Records.rebase(
                        tx, member.entity(), member.recordId(), options.clock().instant());
                touched.add(member.entity() + "/" + member.recordId());
            }
            return null;
        });
        notifyRecords(touched);
        publishState();
    }

    private static OutboxEntry failedEntry(LocalDatabase.Tx tx, String mutationId) throws java.sql.SQLException {
        return Outbox.byMutationId(tx, mutationId).stream()
                .filter(OutboxEntry::failed)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no failed mutation " + mutationId));
    }

    private static List<OutboxEntry> unitOf(LocalDatabase.Tx tx, OutboxEntry entry) throws java.sql.SQLException {
        return entry.groupId() == null ? List.of(entry) : Outbox.ofGroup(tx, entry.groupId());
    }

    /** Fields this device wrote that lost to later writes elsewhere, not yet dismissed. */
    public List<Conflict> conflicts() {
        return db.transaction(tx -> tx.query(
                "SELECT id, entity, record_id, field, local_value, winning_value, actor_id, local_hlc, detected_at"
                        + " FROM conflicts WHERE dismissed = 0 ORDER BY id",
                row -> new Conflict(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        row.getString(8),
                        WireInstant.parse(row.getString(9)))));
    }

    public void dismissConflict(long conflictId) {
        db.transaction(tx -> tx.update("UPDATE conflicts SET dismissed = 1 WHERE id = ?", conflictId));
        publishState();
    }

    // ------------------------------------------------------------------ state and listeners

    /** The current sync state. */
    public SyncState syncState() {
        return db.transaction(tx -> new SyncState(
                online,
                syncing,
                progress,
                new LinkedHashMap<>(Outbox.pendingByEntity(tx)),
                Outbox.failedCount(tx),
                tx.queryOne("SELECT COUNT(*) FROM conflicts WHERE dismissed = 0", row -> row.getInt(1))
                        .orElse(0),
                DeviceInfo.get(tx, DeviceInfo.LAST_SYNC_AT)
                        .map(WireInstant::parse)
                        .orElse(null),
                DeviceInfo.get(tx, DeviceInfo.SIGNED_OUT_REASON).orElse(lastError)));
    }

    public void addSyncStateListener(Consumer<SyncState> listener) {
        stateListeners.add(listener);
    }

    public void addRecordListener(RecordListener listener) {
        recordListeners.add(listener);
    }

    /** Devices of the shop online now, as the realtime socket last said (empty while it is closed). */
    public List<Presence.OnlineDevice> presence() {
        return onlineDevices;
    }

    /** Hears who comes online and goes offline; called on the transport thread, must not block. */
    public void addPresenceListener(Consumer<Presence> listener) {
        presenceListeners.add(listener);
    }

    private void updatePresence(Presence presence) {
        if (presence == null) {
            return;
        }
        onlineDevices = presence.online();
        for (Consumer<Presence> listener : presenceListeners) {
            try {
                listener.accept(presence);
            } catch (RuntimeException e) {
                log.warn("presence listener failed", e);
            }
        }
    }

    private void written(Set<String> keys) {
        notifyRecords(keys);
        publishState();
        requestSync();
    }

    private void notifyRecords(Set<String> keys) {
        for (String key : keys) {
            int slash = key.indexOf('/');
            for (RecordListener listener : recordListeners) {
                try {
                    listener.changed(key.substring(0, slash), key.substring(slash + 1));
                } catch (RuntimeException e) {
                    log.warn("record listener failed", e);
                }
            }
        }
    }

    private void publishState() {
        if (stateListeners.isEmpty() || closed) {
            return;
        }
        SyncState state = syncState();
        for (Consumer<SyncState> listener : stateListeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                log.warn("sync state listener failed", e);
            }
        }
    }

    /**
     * Stops the worker and closes the socket and the database. What was written is already
     * stored; queued mutations go out the next time the device opens.
     */
    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            socket.close();
        }
        transport.close();
        db.close();
    }
}
