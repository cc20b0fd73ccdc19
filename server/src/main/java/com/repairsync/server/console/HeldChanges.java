package com.repairsync.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.SessionIssuer;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.erasure.ErasedHeldChanges;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.HeldChangeRow;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.sync.PushService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What revoked devices had not sent: a revoked device sends it up once it hears of its removal
 * ({@link #surrender}), proving who it is with the refresh token it held when it was removed, and
 * an admin or manager applies or discards each change ({@link #apply}, {@link #discard}), so
 * nothing a person saved vanishes unseen. A change is applied under the reviewer's authority with
 * its own actor and HLC, exactly once under the device's mutation id, and a group of changes is
 * applied or discarded whole.
 */
public final class HeldChanges {
    /** Most changes one device may send up; a device holding more keeps its data and its owner sees why. */
    public static final int MAX_PER_DEVICE = 10_000;

    private static final String REFUSAL = "only an admin or manager reviews a removed device's changes";

    private final Store store;
    private final Clock clock;
    private final PushService push;
    private final ObjectMapper json;

    public HeldChanges(Store store, Clock clock, PushService push, ObjectMapper json) {
        this.store = store;
        this.clock = clock;
        this.push = push;
        this.json = json;
    }

    /** The answer to a device that sent its changes up: how many the server holds, and whether to wipe. */
    public record Surrendered(int held, boolean wipe) {}

    /**
     * One held change as the reviewer sees it.
     *
     * @param mutation the change as the device queued it
     * @param resolution {@code applied}, {@code discarded} or {@code rejected: <code>}; null while it waits
     */
    public record HeldView(
            String mutationId,
            JsonNode mutation,
            Instant receivedAt,
            Instant resolvedAt,
            String resolvedBy,
            String resolution) {}

    /**
     * Stores what a revoked device held. Only a device that was removed from the shop, presenting
     * the refresh token that was live when it was removed, may send; a change it sent before is
     * kept as it was.
     *
     * @param mutations checked to be objects with a mutation id
     * @throws ApiException 401 {@code unauthorized} for any other token; 413 {@code
     *     payload_too_large} past {@link #MAX_PER_DEVICE} changes (nothing of this request is kept)
     */
    public Surrendered surrender(String refreshToken, List<ObjectNode> mutations) {
        Instant now = clock.instant();
        return store.write(tx -> {
            DeviceRow device = removedDevice(tx, refreshToken);
            // A device offline when a customer was erased may hold changes of them: held without those values.
            List<String> texts = ErasedHeldChanges.scrub(tx, device.shopId(), mutations);
            List<HeldChangeRow> rows = new ArrayList<>();
            for (int i = 0; i < mutations.size(); i++) {
                rows.add(new HeldChangeRow(
                        device.shopId(),
                        device.id(),
                        mutations.get(i).get("mutationId").textValue(),
                        texts.get(i),
                        now,
                        null,
                        null,
                        null));
            }
            int before = tx.heldCount(device.shopId(), device.id());
            if (before + rows.size() > MAX_PER_DEVICE) {
                throw new ApiException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        413,
                        "mutations",
                        "a removed device may send up at most " + MAX_PER_DEVICE + " changes; this one holds more,"
                                + " so it keeps them",
                        null);
            }
            tx.holdChanges(device.shopId(), device.id(), rows);
            return new Surrendered(tx.heldCount(device.shopId(), device.id()), device.wipeRequested());
        });
    }

    /** The removed device whose refresh token this is, revoked with the device (never rotated before). */
    private static DeviceRow removedDevice(StoreTx tx, String refreshToken) {
        ApiException refused =
                ApiException.unauthorized("only a device removed from the shop sends up what it held, with its token");
        RefreshTokenRow token =
                tx.findRefreshToken(SessionIssuer.hash(refreshToken)).orElseThrow(() -> refused);
        DeviceRow device = tx.findDevice(token.shopId(), token.deviceId()).orElseThrow(() -> refused);
        boolean revokedWithDevice = device.revoked()
                && token.usedAt() == null
                && token.revokedAt() != null
                && token.revokedAt().equals(device.revokedAt());
        if (!revokedWithDevice) {
            throw refused;
        }
        return device;
    }

    /**
     * The changes a device of the caller's shop sent up, in the order they came.
     *
     * @throws ApiException {@code not_found} for a device of another shop, {@code forbidden} unless
     *     the caller is an admin or manager who does not rank below the device's signer
     */
    public List<HeldView> list(Principal principal, String deviceId) {
        return store.read(tx -> {
            reviewable(tx, principal, deviceId);
            return tx.heldChanges(principal.shopId(), deviceId).stream()
                    .map(this::view)
                    .toList();
        });
    }

    /**
     * Applies a waiting held change, with the waiting changes of its group; each is then resolved
     * {@code applied}, or {@code rejected: <code>} with the server's reason.
     *
     * @return the results, one per change applied
     * @throws ApiException {@code not_found} for no such waiting change, and as {@link #list}
     */
    public List<PushResult> apply(Principal principal, String deviceId, String mutationId) {
        List<HeldChangeRow> unit = store.read(tx -> {
            reviewable(tx, principal, deviceId);
            return unitOf(tx, principal.shopId(), deviceId, mutationId);
        });
        List<ObjectNode> mutations = unit.stream().map(this::mutation).toList();
        List<PushResult> results = push.applyHeld(principal, deviceId, mutations);
        Instant now = clock.instant();
        store.write(tx -> {
            for (PushResult result : results) {
                tx.resolveHeldChange(
                        principal.shopId(),
                        deviceId,
                        result.mutationId(),
                        resolution(result),
                        principal.employeeId(),
                        now);
            }
            return null;
        });
        return results;
    }

    /**
     * Discards a waiting held change, with the waiting changes of its group: they are never applied.
     *
     * @throws ApiException as {@link #apply}
     */
    public void discard(Principal principal, String deviceId, String mutationId) {
        Instant now = clock.instant();
        store.write(tx -> {
            reviewable(tx, principal, deviceId);
            for (HeldChangeRow change : unitOf(tx, principal.shopId(), deviceId, mutationId)) {
                tx.resolveHeldChange(
                        principal.shopId(), deviceId, change.mutationId(), "discarded", principal.employeeId(), now);
            }
            return null;
        });
    }

    private static String resolution(PushResult result) {
        MutationStatus outcome = result.outcome();
        if (outcome == MutationStatus.REJECTED) {
            return "rejected: "
                    + (result.code() == null ? "unknown" : result.code().wireName());
        }
        return "applied";
    }

    /** The waiting change and the waiting changes of its group, in the order they came. */
    private List<HeldChangeRow> unitOf(StoreTx tx, String shopId, String deviceId, String mutationId) {
        HeldChangeRow change = tx.findHeldChange(shopId, deviceId, mutationId)
                .filter(HeldChangeRow::waiting)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.NOT_FOUND, null, "no waiting held change " + mutationId + " of device " + deviceId));
        String group = groupOf(change);
        if (group == null) {
            return List.of(change);
        }
        return tx.heldChanges(shopId, deviceId).stream()
                .filter(HeldChangeRow::waiting)
                .filter(other -> group.equals(groupOf(other)))
                .toList();
    }

    private String groupOf(HeldChangeRow change) {
        JsonNode group = mutation(change).get("groupId");
        return group != null && group.isTextual() ? group.textValue() : null;
    }

    /** Checks the caller may review the device's changes: a manager or admin not below its signer. */
    private static void reviewable(StoreTx tx, Principal principal, String deviceId) {
        Role caller = AuthService.requireManager(tx, principal, REFUSAL);
        DeviceRow device = tx.findDevice(principal.shopId(), deviceId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, null, "no device " + deviceId));
        ShopDevices.requireNotBelowSigner(tx, caller, device, "review the changes of");
    }

    private HeldView view(HeldChangeRow row) {
        return new HeldView(
                row.mutationId(),
                mutation(row),
                row.receivedAt(),
                row.resolvedAt(),
                row.resolvedBy(),
                row.resolution());
    }

    private ObjectNode mutation(HeldChangeRow row) {
        try {
            return (ObjectNode) json.readTree(row.mutation());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("held change " + row.mutationId() + " is not a stored mutation", e);
        }
    }
}
