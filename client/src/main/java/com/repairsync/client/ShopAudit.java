package com.repairsync.client;

import com.repairsync.client.internal.ServerRecords;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.protocol.HistoryPage;
import java.util.Objects;

/**
 * The shop's audit trail as a manager reads it from a device ({@link RepairSyncDevice#audit()}):
 * everything an employee or a device did in a time range, from the server's history. Online.
 * {@link HistoryText} turns the entries into sentences.
 */
public final class ShopAudit {
    private final ServerRecords server;

    ShopAudit(ServerRecords server) {
        this.server = server;
    }

    /**
     * The history entries matching every filter the query sets, newest first; ask for the next
     * page with {@code query.before(page.before())} while {@link HistoryPage#before()} is not null.
     *
     * @throws PermissionDeniedException unless a manager or admin signed this device in and is acting on it
     * @throws RequestRejectedException naming the filter the server refused
     * @throws OfflineException if the server cannot be reached
     */
    public HistoryPage query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return server.audit(query);
    }
}
