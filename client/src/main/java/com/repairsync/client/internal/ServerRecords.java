package com.repairsync.client.internal;

import com.repairsync.client.AuditQuery;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.records.RecordHistory;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the repositories ask the server rather than the device's database: a record's history (the
 * server's complete one; the device's recent copy while the server cannot be reached, on a device
 * that keeps one) and a customer's erasure. The server's refusals become the SDK's exceptions:
 * {@code forbidden} a {@link PermissionDeniedException}, {@code unknown_record} a {@link
 * RecordNotFoundException}.
 */
public final class ServerRecords {
    /** The most entries one history page may hold (the server's maximum). */
    public static final int MAX_HISTORY_PAGE = 200;

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final StepUps stepUps;
    private final Clock clock;

    /** @param stepUps the password confirmations an erasure sends */
    public ServerRecords(LocalDatabase db, SyncTransport transport, StepUps stepUps, Clock clock) {
        this.db = db;
        this.transport = transport;
        this.stepUps = stepUps;
        this.clock = clock;
    }

    /**
     * A page of a record's history, newest first, without the fields the acting employee's role may
     * not see (the server leaves out what the signed-in role may not; an employee switched in by PIN
     * may rank lower).
     *
     * @throws IllegalArgumentException if {@code limit} is not 1 to {@link #MAX_HISTORY_PAGE}, or
     *     {@code before} is below 1
     * @throws RecordNotFoundException if the server has no history of the record
     * @throws OfflineException if the server cannot be reached and this device keeps no history
     */
    public RecordHistory history(EntityType type, String id, Long before, int limit) {
        if (limit < 1 || limit > MAX_HISTORY_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_HISTORY_PAGE + ", got " + limit);
        }
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be at least 1, got " + before);
        }
        RecordHistory history;
        try {
            HistoryPage page = transport.history(type.name(), id, before, limit);
            history = new RecordHistory(type.name(), id, page.entries(), page.before(), RecordHistory.Source.SERVER, 0);
        } catch (OfflineException | ServerBusyException unreachable) {
            history = kept(type, id, before, limit).orElseThrow(() -> unreachable);
        } catch (RequestRejectedException e) {
            throw refusal(e, type.name(), id);
        }
        return visible(type, history);
    }

    /** The device's copy of a record's history, if it keeps one. */
    private java.util.Optional<RecordHistory> kept(EntityType type, String id, Long before, int limit) {
        return db.transaction(tx -> {
            OptionalInt days = LocalHistory.windowDays(tx);
            if (!LocalHistory.kept(tx) || days.isEmpty()) {
                return java.util.Optional.empty();
            }
            HistoryPage page = LocalHistory.page(tx, type.name(), id, before, limit);
            return java.util.Optional.of(new RecordHistory(
                    type.name(), id, page.entries(), page.before(), RecordHistory.Source.DEVICE, days.getAsInt()));
        });
    }

    /** The history without the field changes the acting employee's role may not see. */
    private RecordHistory visible(EntityType type, RecordHistory history) {
        Role role = db.transaction(tx -> ActingEmployees.roleOf(tx, ActingEmployees.acting(tx)));
        Set<String> hidden = type.fields().stream()
                .filter(field -> !field.visibility().visibleTo(role))
                .map(FieldSpec::name)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        if (type.allowsCustomFields()) {
            // A managers-only field of the shop's own is hidden from the acting role as a built-in one is.
            db.transaction(DeviceCustomFields::read).all(type.name()).stream()
                    .filter(field -> !field.visibleTo(role))
                    .forEach(field -> hidden.add(field.key()));
        }
        if (hidden.isEmpty()) {
            return history;
        }
        List<HistoryEntry> entries = new java.util.ArrayList<>();
        for (HistoryEntry entry : history.entries()) {
            List<HistoryEntry.FieldChange> shown = entry.changes().stream()
                    .filter(change -> !hidden.contains(change.field()))
                    .toList();
            // As the server does: a change of nothing but hidden fields is not shown at all.
            if (shown.isEmpty() && !entry.changes().isEmpty()) {
                continue;
            }
            entries.add(new HistoryEntry(
                    entry.seq(),
                    entry.entity(),
                    entry.recordId(),
                    entry.op(),
                    entry.actorId(),
                    entry.deviceId(),
                    entry.hlc(),
                    entry.at(),
                    shown));
        }
        return new RecordHistory(
                history.entity(),
                history.recordId(),
                entries,
                history.before(),
                history.source(),
                history.windowDays());
    }

    /**
     * Erases a customer's personal values on the server: from the record, its tickets', appointments'
     * and attachments' personal fields, their history and their files. Online only; every device
     * erases its copy when it next pulls.
     *
     * @throws PermissionDeniedException unless the acting employee and the one who signed this
     *     device in are admins
     * @throws ReauthenticationRequiredException unless the acting admin confirmed their password
     *     moments ago
     * @throws RecordNotFoundException if the shop has no such customer
     * @throws OfflineException if the server cannot be reached
     */
    public Erasure eraseCustomer(String id) {
        String actor = db.transaction(ActingEmployees::acting);
        Role role = db.transaction(tx -> ActingEmployees.roleOf(tx, actor));
        if (role != Role.ADMIN) {
            throw new PermissionDeniedException(
                    "only an admin erases a customer; the acting employee is a " + role.wireName());
        }
        try {
            return transport.eraseCustomer(
                    id, stepUps.valid(actor, clock.instant()).orElse(null));
        } catch (RequestRejectedException e) {
            throw refusal(e, Schema.CUSTOMERS.name(), id);
        }
    }

    /**
     * The shop's audit, for a manager or admin acting on this device: a technician switched in by
     * PIN on a manager's tablet is refused here, whoever signed the device in.
     */
    public HistoryPage audit(AuditQuery query) {
        String actor = db.transaction(ActingEmployees::acting);
        Role role = db.transaction(tx -> ActingEmployees.roleOf(tx, actor));
        if (!role.managesShop()) {
            throw new PermissionDeniedException(
                    "only a manager or admin reads the shop's audit; the acting employee is a " + role.wireName());
        }
        try {
            return transport.audit(query);
        } catch (RequestRejectedException e) {
            throw refusal(e, "audit", null);
        }
    }

    /** A server's refusal as the SDK's exception: forbidden and unknown records by their types, others as they are. */
    public static RuntimeException refusal(RequestRejectedException e, String entity, String id) {
        if (e.code() == ErrorCode.FORBIDDEN) {
            return new PermissionDeniedException(e.getMessage());
        }
        if (e.code() == ErrorCode.REAUTHENTICATION_REQUIRED) {
            return new ReauthenticationRequiredException(e.getMessage());
        }
        if (e.code() == ErrorCode.UNKNOWN_RECORD) {
            return RecordNotFoundException.onServer(entity, id);
        }
        return e;
    }
}
