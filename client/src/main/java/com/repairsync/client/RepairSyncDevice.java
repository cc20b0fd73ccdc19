package com.repairsync.client;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.DeviceFileLane;
import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.HeldSurrender;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.PinPad;
import com.repairsync.client.internal.Repositories;
import com.repairsync.client.internal.StoredTokens;
import com.repairsync.client.records.Appointments;
import com.repairsync.client.records.Attachments;
import com.repairsync.client.records.Customers;
import com.repairsync.client.records.Employees;
import com.repairsync.client.records.InventoryItems;
import com.repairsync.client.records.TicketParts;
import com.repairsync.client.records.Tickets;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.protocol.HlcClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A shop's device: its local database, its typed repositories, and the sync engine that runs in
 * the background (or when the app calls {@link #syncNow()}).
 *
 * <p>Everything the app writes is stored locally first, with its outbox mutation, in one
 * transaction; the app never waits for the network. While {@link DeviceOptions#autoSync()} is on,
 * a worker pushes and pulls after every write, when the realtime socket announces a change, and
 * when the server comes back; the socket and a health probe keep {@link SyncState#online()} true
 * to the network.
 *
 * <p>A facade over one class per job: {@link DeviceSession}, {@link SyncScheduler}, {@link
 * Connectivity}, {@link FailedQueue}, {@link Conflicts}, {@link DeviceListeners}, {@link
 * PresenceBoard}.
 */
public final class RepairSyncDevice implements AutoCloseable {
    private final LocalDatabase db;
    private final DeviceOptions options;
    private final SyncTransport transport;
    private final LiveState live = new LiveState();
    private final com.repairsync.client.internal.StepUps stepUps = new com.repairsync.client.internal.StepUps();
    private final DeviceListeners listeners;
    private final PresenceBoard presence = new PresenceBoard();
    private final DeviceSession session;
    private final SyncScheduler sync;
    private final Connectivity connectivity;
    private final FailedQueue failedQueue;
    private final Conflicts conflicts;
    private volatile HlcClock hlc;
    private final DeviceCore core;
    private final Repositories repositories;
    private final DeviceFiles files;
    private final DeviceFileLane fileLane;
    private volatile boolean wiped;

    private RepairSyncDevice(
            LocalDatabase db, DeviceFiles files, String serverUrl, DeviceOptions options, String node) {
        this.db = db;
        this.files = files;
        this.options = options;
        this.listeners = new DeviceListeners(db, live);
        ServerTrust trust = DeviceSession.storedTrust(db);
        // The tokens refresh, and a removed device sends up what it held, through the transport they open.
        AtomicReference<SyncTransport> opened = new AtomicReference<>();
        StoredTokens tokens = new StoredTokens(
                db,
                options.clock(),
                refreshToken -> opened.get().refresh(refreshToken),
                listeners::signInEnded,
                new HeldSurrender(db, (refreshToken, held) -> opened.get().surrenderHeld(refreshToken, held)),
                () -> com.repairsync.protocol.NamedThreads.daemon("repairsync-wipe")
                        .newThread(this::close)
                        .start());
        this.transport = options.transport().open(serverUrl, trust, tokens);
        opened.set(transport);
        this.session = new DeviceSession(db, transport, trust, serverUrl, options.clock(), stepUps);
        this.hlc = new HlcClock(options.clock(), node);
        DeviceCore.highWater(db).ifPresent(hlc::receive);
        PinPad pinPad = PinPad.onDevice(options.clock(), db, options.pinCost());
        this.core = new DeviceCore(db, options.clock(), () -> hlc, options::priorityOf, pinPad, this::written, stepUps);
        this.fileLane = FileLaneEvents.lane(db, transport, options, listeners, this::written);
        core.useFiles(fileLane);
        core.useServer(new com.repairsync.client.internal.ServerRecords(db, transport, stepUps, options.clock()));
        var engine = SyncScheduler.engine(db, transport, options, () -> hlc, stepUps, live, listeners);
        this.sync = new SyncScheduler(
                db, options, engine, live, listeners, this::probeUntilTheServerAnswers, this::synced, transport);
        this.connectivity = new Connectivity(db, options, transport, sync.worker(), live, listeners, presence, sync);
        this.failedQueue = new FailedQueue(db, options.clock(), () -> hlc, listeners, sync::requestSync);
        this.conflicts = new Conflicts(db, core, listeners);
        this.repositories = Repositories.over(core);
    }

    private void probeUntilTheServerAnswers() {
        connectivity.ensureProbing();
    }

    /** After a sync: pin an https certificate on first use; start uploads and fetch files ahead. */
    private void synced() {
        session.pinOnFirstUse();
        fileLane.wake();
    }

    /**
     * Opens (or creates) a device database, encrypted with its key from {@link DeviceOptions#keys()}
     * (a plain one from an earlier release is encrypted in place), and, if the device already joined
     * a shop and auto-sync is on, starts syncing in the background.
     *
     * @throws LocalStoreException if the database cannot be opened, or its key is not found
     */
    public static RepairSyncDevice open(Path file, String serverUrl, DeviceOptions options) {
        DeviceFiles files = new DeviceFiles(file, options);
        LocalDatabase db = files.open();
        String node =
                db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID)).orElse("unjoined");
        RepairSyncDevice device = new RepairSyncDevice(db, files, serverUrl, options, node);
        if (device.joined() && options.autoSync()) {
            device.connectivity.start();
            device.sync.startHeartbeat();
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
     * Joins a shop like {@link #join(String, String, String)}, accepting only the server certificate
     * with this SHA-256 fingerprint (as the server prints it), or any on first use when it is null.
     *
     * @throws UntrustedCertificateException if the server presents another certificate
     * @throws IllegalArgumentException if the fingerprint is malformed, or differs from the pinned one
     */
    public void join(String email, String password, String deviceName, String expectedFingerprint) {
        DeviceSession.Joined joined = session.join(email, password, deviceName, expectedFingerprint);
        if (joined.first()) {
            // The HLC node is the device id the server assigns at the first join; no write precedes it.
            hlc = new HlcClock(options.clock(), joined.session().deviceId());
        }
        syncNow();
        if (options.autoSync()) {
            connectivity.start();
            sync.startHeartbeat();
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
        boolean revoked = sync.onWorker(() -> {
            connectivity.disconnect();
            return session.signOut(() -> live.online = false);
        });
        presence.disconnected();
        listeners.publishState();
        return revoked;
    }

    /**
     * Confirms the acting employee's password with the server (online), for the few minutes that
     * creating an admin, making someone one or erasing a customer needs it. Changes that waited for a confirmation go
     * out now. The confirmation stays in memory only.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code reauthentication_required}
     *     for a wrong password, {@code forbidden} for an employee this device may not act for
     * @throws OfflineException if the server cannot be reached
     */
    public void confirmPassword(String password) {
        if (session.confirmPassword(core.actingEmployee(), password) > 0) {
            sync.requestSync();
        }
    }

    /** How many queued changes wait for a password confirmation ({@link #confirmPassword}). */
    public int awaitingConfirmation() {
        return db.transaction(com.repairsync.client.internal.Outbox::awaitingConfirmationCount);
    }

    /** The shop's devices, for an admin or manager: list, remove (and wipe), review what one sent up. Online. */
    public ShopDeviceAdmin shopDevices() {
        return new ShopDeviceAdmin(transport);
    }

    /** The shop's audit trail, for a manager or admin: who did what, on which device, when. Online. */
    public ShopAudit audit() {
        return new ShopAudit(core.server());
    }

    /** The server certificate this device trusts, and trusting another after the shop replaced it. */
    public CertificatePin certificatePin() {
        return new CertificatePin(session, sync::requestSync);
    }

    /** Who this device is and where it syncs. */
    public DeviceIdentity identity() {
        return session.identity();
    }

    /** True once the device joined a shop. */
    public boolean joined() {
        return session.joined();
    }

    public Customers customers() {
        return repositories.customers();
    }

    public Tickets tickets() {
        return repositories.tickets();
    }

    public TicketParts ticketParts() {
        return repositories.ticketParts();
    }

    public InventoryItems inventoryItems() {
        return repositories.inventoryItems();
    }

    public Employees employees() {
        return repositories.employees();
    }

    public Appointments appointments() {
        return repositories.appointments();
    }

    /** Photos, signatures and documents (attach them through {@link #tickets()} or {@link #customers()}). */
    public Attachments attachments() {
        return repositories.attachments();
    }

    /** The shop's own fields on tickets, customers and items: list them; an admin declares and changes them. */
    public com.repairsync.client.records.CustomFields customFields() {
        return repositories.customFields();
    }

    /** The employee the device acts for (every write records it). */
    public String actingEmployee() {
        return core.actingEmployee();
    }

    public void switchEmployee(String employeeId, String pin) {
        core.switchEmployee(employeeId, pin);
        connectivity.announceActing();
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
        connectivity.announceActing();
    }

    public SyncStatus status(String entity, String id) {
        return core.status(entity, id);
    }

    /**
     * Pushes and pulls now, on the sync worker, and waits for it.
     *
     * @throws OfflineException if the server cannot be reached (no retry attempt is spent)
     * @throws ServerBusyException if the server failed; the attempt was recorded
     */
    public void syncNow() {
        sync.syncNow(false);
    }

    /** Forgets the cursor and pulls everything again, then pushes and pulls as usual. */
    public void fullSync() {
        sync.syncNow(true);
    }

    /** Mutations the server refused or kept failing on, oldest first. */
    public List<FailedMutation> failedMutations() {
        return failedQueue.list();
    }

    /** Changes an older server cannot take until it is updated: kept queued, never failed ({@link WaitingChange}). */
    public List<WaitingChange> waitingForServerUpdate() {
        return db.transaction(com.repairsync.client.internal.ServerUpdateWaits::list);
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
        failedQueue.retry(mutationId, editedFields);
    }

    /**
     * Drops a failed mutation, the rest of its group, and any later change of the same record
     * made on top of it; the record shows the server's version again.
     */
    public void discard(String mutationId) {
        failedQueue.discard(mutationId);
    }

    /** Fields this device wrote that lost to later writes elsewhere, not yet dismissed. */
    public List<Conflict> conflicts() {
        return conflicts.open();
    }

    public void dismissConflict(long conflictId) {
        resolveConflict(conflictId, ConflictChoice.KEEP_THEIRS);
    }

    /** Closes an open conflict keeping mine (written again as a new change) or theirs; see {@link ConflictChoice}. */
    public void resolveConflict(long conflictId, ConflictChoice choice) {
        conflicts.resolve(conflictId, choice);
    }

    public SyncState syncState() {
        return listeners.syncState();
    }

    public void addSyncStateListener(Consumer<SyncState> listener) {
        listeners.addSyncStateListener(listener);
    }

    public void addRecordListener(RecordListener listener) {
        listeners.addRecordListener(listener);
    }

    /** Devices of the shop online now, as the realtime socket last said (empty while it is closed). */
    public List<Presence.OnlineDevice> presence() {
        return presence.online();
    }

    /** Hears who comes online and goes offline; called on the transport thread, must not block. */
    public void addPresenceListener(Consumer<Presence> listener) {
        presence.addListener(listener);
    }

    /** A local write was stored: tell the app, and sync it out. */
    private void written(Set<String> keys) {
        listeners.recordsChanged(keys);
        listeners.publishState();
        sync.requestSync();
    }

    /** Stops the worker and closes the socket and the database; queued changes go out at the next open. */
    @Override
    public synchronized void close() {
        if (live.closed) {
            return; // closed before, by the app or by a wipe
        }
        live.closed = true;
        sync.stop();
        fileLane.close();
        connectivity.close();
        transport.close();
        wiped = files.close(db);
    }

    /** True once this device, removed with "wipe", sent up what it held and deleted its data (and closed). */
    public boolean wiped() {
        return wiped;
    }
}
