package com.repairsync.client.transport;

import com.repairsync.protocol.DeviceHealth;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * The device's view of the sync server. Every method either returns the server's answer or
 * throws a {@link TransportException} whose subtype says what to do:
 *
 * <ul>
 *   <li>{@link OfflineException}: the server could not be reached (connection refused, reset,
 *       timed out). Not a failure: wait for connectivity, spend no retry attempt.
 *   <li>{@link ServerBusyException}: the server answered 5xx, 429 or 503. Retry with backoff; each
 *       retry spends an attempt.
 *   <li>{@link UnauthorizedException}: 401 even after the {@link TokenSource} refreshed the token
 *       once: sign in again.
 *   <li>{@link RequestRejectedException}: any other 4xx, with the problem's code, field and detail.
 *       Retrying the same request cannot help.
 * </ul>
 */
public interface SyncTransport extends AutoCloseable {
    // Authorized calls take no token: a transport asks the TokenSource it was made with for the
    // current one, and asks it once more for a refreshed one when the server answers 401.

    /** {@code POST /v1/auth/login}; deviceId is null for a new device. */
    Session login(String email, String password, String deviceName, String deviceId);

    /** {@code POST /v1/auth/refresh}: rotates the token pair. */
    Session refresh(String refreshToken);

    /** {@code POST /v1/auth/logout}: revokes every refresh token of the login. */
    void logout(String refreshToken);

    /** {@code POST /v1/sync/push}. */
    PushResponse push(PushRequest request);

    /** {@code GET /v1/sync/pull}. */
    PullResponse pull(PullQuery query);

    /**
     * {@code GET /v1/sync/pull/stream}: up to {@code pages} pages from the query's cursor, handed to
     * {@code store} as they arrive (the next page is on its way meanwhile), each starting at the
     * cursor of the one before. Pages that arrived while {@code store} was busy may be handed over
     * together as one page (their changes in order, the last one's cursors). Returns the last page
     * handed over; it may say {@code hasMore} even when fewer than {@code pages} came (the server
     * ended the stream early): ask again from its cursor. Exceptions from {@code store} end the call
     * and propagate.
     *
     * <p>This default asks page by page with {@link #pull}, so a transport that overrides only
     * {@code pull} sees every page.
     */
    default PullResponse pullPages(PullQuery query, int pages, Consumer<PullResponse> store) {
        PullResponse page = pull(query);
        store.accept(page);
        for (int sent = 1; sent < pages && page.hasMore(); sent++) {
            page = pull(query.after(page.cursor()));
            store.accept(page);
        }
        return page;
    }

    /**
     * {@code POST /v1/devices/health} (wire version 4): what this device says of its sync, for the
     * owner's console. A server before version 4 answers {@code not_found}. Transports that only
     * sync (test doubles, the demo's cable) do not offer it.
     */
    default void reportHealth(DeviceHealth report) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take health reports");
    }

    /**
     * {@code POST /v1/devices/held}: a device removed from the shop sends up the changes it had not
     * sent, proving who it is with the refresh token it held when it was removed; the answer says
     * how many the server holds and whether the device is to delete its data. Transports that only
     * sync do not offer it.
     */
    default Surrendered surrenderHeld(String refreshToken, List<com.repairsync.protocol.Mutation> mutations) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take held changes");
    }

    /** The answer of {@link #surrenderHeld}. */
    record Surrendered(int held, boolean wipe) {}

    /**
     * {@code POST /v1/files/{hash}} (wire version 5): starts or resumes the upload of a file of
     * {@code size} bytes, or learns that the shop holds it already (then it is complete at once).
     * Transports that only sync do not offer the file lane.
     */
    default com.repairsync.protocol.FileUpload beginUpload(String hash, long size) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no file lane");
    }

    /** {@code PUT /v1/files/{hash}/chunks/{index}}: one chunk's bytes and their SHA-256. */
    default com.repairsync.protocol.FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no file lane");
    }

    /**
     * {@code GET /v1/files/{hash}} from byte {@code from}: hands the bytes' stream to {@code reader}
     * and returns what it returns. A file the shop does not hold is a {@link RequestRejectedException}
     * ({@code not_found}).
     */
    default <T> T download(String hash, long from, FileReader<T> reader) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no file lane");
    }

    /** Reads a downloaded file's bytes. */
    @FunctionalInterface
    interface FileReader<T> {
        /**
         * @param bytes the file's bytes from the requested offset
         * @param size the whole file's size
         */
        T read(java.io.InputStream bytes, long size) throws java.io.IOException;
    }

    /**
     * {@code GET /v1/records/{entity}/{id}/history} (wire version 6): a record's history, newest
     * first, {@code limit} entries older than sequence {@code before} (null: from the newest). Fields
     * the signed-in role may not see are left out; secrets only say they changed. A record the shop
     * has no history of is a {@link RequestRejectedException} {@code unknown_record} (404).
     * Transports that only sync do not offer it.
     */
    default com.repairsync.protocol.HistoryPage history(String entity, String id, Long before, int limit) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read history");
    }

    /**
     * {@code GET /v1/audit}: the shop's history matching every filter the query sets, newest first.
     * Managers and admins only ({@link RequestRejectedException} {@code forbidden} otherwise).
     */
    default com.repairsync.protocol.HistoryPage audit(com.repairsync.client.AuditQuery query) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read history");
    }

    /**
     * {@code GET /v1/history/feed}: the shop's recent history after sequence {@code after}, oldest
     * first, for a manager's device to keep offline. Managers and admins only ({@code forbidden}
     * otherwise); a server before wire version 6 answers {@code not_found}.
     */
    default com.repairsync.protocol.HistoryFeed historyFeed(long after, int limit) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read history");
    }

    /**
     * {@code POST /v1/records/customers/{id}/erase}: removes a customer's personal values from the
     * shop's records, history and files. Admins only ({@code forbidden}), with the admin's password
     * confirmed moments ago: {@code stepUpToken} from {@link #stepUp} ({@code
     * reauthentication_required} without it); another shop's or an unknown customer is {@code
     * unknown_record}.
     */
    default com.repairsync.protocol.Erasure eraseCustomer(String id, String stepUpToken) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not erase customers");
    }

    /** {@code PUT /v1/employees/{id}/password}. */
    void setPassword(String employeeId, String password);

    /**
     * The newest wire version the server said it serves (its {@code RepairSync-Protocol-Supported}
     * on the latest answer); empty before any answer, or from a transport that does not know.
     */
    default java.util.OptionalInt serverProtocol() {
        return java.util.OptionalInt.empty();
    }

    /**
     * {@code GET /v1/devices}: the shop's devices, for an admin or manager. Transports that only
     * sync (test doubles, the demo's cable) do not offer it.
     */
    default List<com.repairsync.client.ShopDevice> devices() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not manage devices");
    }

    /** {@code POST /v1/devices/{id}/revoke}: removes a device from the shop; see {@link #devices}. */
    default com.repairsync.client.ShopDevice revokeDevice(String deviceId) {
        return revokeDevice(deviceId, false);
    }

    /**
     * {@code POST /v1/devices/{id}/revoke}, with {@code wipe}: the device also deletes its data once
     * it hears of its removal, after sending up what it had not sent.
     */
    default com.repairsync.client.ShopDevice revokeDevice(String deviceId, boolean wipe) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not manage devices");
    }

    /**
     * {@code POST /v1/auth/step-up}: a fresh confirmation of an employee's password, for creating
     * an admin or making someone one. Transports that only sync do not offer it.
     */
    default StepUp stepUp(String employeeId, String password) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not confirm passwords");
    }

    /** The answer of {@link #stepUp}: the token and how many seconds it lasts. */
    record StepUp(String token, long expiresInSeconds, String employeeId) {}

    /** {@code GET /v1/health}: returns if the server is up, throws otherwise. */
    void health();

    /**
     * Opens {@code GET /v1/realtime}. Returns once the socket is open; messages and the close go
     * to the listener.
     */
    RealtimeConnection openRealtime(RealtimeListener listener);

    @Override
    void close();

    /** The answer of login and refresh. */
    record Session(
            String accessToken,
            String refreshToken,
            long expiresInSeconds,
            String shopId,
            String employeeId,
            String role,
            String deviceId) {}

    /**
     * A pull request.
     *
     * @param entities entity names to pull, or empty for all
     * @param appointmentsFrom ISO instant or null
     * @param appointmentsTo ISO instant or null
     */
    record PullQuery(long cursor, int limit, List<String> entities, String appointmentsFrom, String appointmentsTo) {
        /** The same query for the page after {@code next}. */
        public PullQuery after(long next) {
            return new PullQuery(next, limit, entities, appointmentsFrom, appointmentsTo);
        }
    }

    /** Events of an open realtime socket. Called on a transport thread; must not block. */
    interface RealtimeListener {
        /** The shop's change sequence moved to {@code cursor}. */
        void cursor(long cursor);

        /**
         * A small commit moved the shop's sequence from {@code fromCursor} to {@code changes.cursor()}
         * and carried every record it changed: a device at {@code fromCursor} may store them as the
         * next pull page; any other device pulls.
         */
        default void changes(long fromCursor, com.repairsync.protocol.PullResponse changes) {
            cursor(changes.cursor());
        }

        /** A presence message, as received (snapshot, online or offline). */
        void presence(com.fasterxml.jackson.databind.JsonNode message);

        /** The socket closed (by either side or by a network failure). */
        void closed(int statusCode, String reason);
    }

    /** An open realtime socket. */
    interface RealtimeConnection extends AutoCloseable {
        boolean isOpen();

        /**
         * Checks that the server is still there, for a caller that does so every {@code silence}. A
         * socket can look open long after its server or the network under it went away (a Wi-Fi
         * drop, a sleeping laptop, a proxy that keeps the TCP connection): after {@code silence}
         * with nothing heard from the server this sends a ping; a ping unanswered for {@code
         * silence} gives the server up: the connection is dropped and the listener hears {@code
         * closed(1006, ...)}.
         *
         * <p>A connection that cannot ping (a test double) just answers {@link #isOpen()}.
         *
         * @return whether the connection is still open
         */
        default boolean keepAlive(java.time.Duration silence) {
            return isOpen();
        }

        /**
         * Sends a text message to the server, after any sent before it, without blocking.
         *
         * @return false if the connection cannot send (closed, or a test double that does not)
         */
        default boolean send(String text) {
            return false;
        }

        @Override
        void close();
    }
}
