package com.repairsync.client;

import com.repairsync.protocol.schema.Schema;
import java.time.Instant;

/**
 * What a manager asks the shop's audit ({@link ShopAudit#query}): the history entries matching
 * every filter set, newest first. Start from {@link #all()} and narrow it:
 * {@code AuditQuery.all().employee(id).from(monday).to(friday)}.
 *
 * @param employeeId only what this employee did, or null
 * @param deviceId only what came from this device, or null
 * @param entity only changes of this entity ({@code tickets}), or null
 * @param from only changes the server applied at or after this instant, or null
 * @param to only changes applied before this instant, or null
 * @param before only entries older than this sequence (the {@code before} of the previous page), or null
 * @param limit at most this many entries, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(
        String employeeId, String deviceId, String entity, Instant from, Instant to, Long before, int limit) {
    /** The page size of {@link #all()}, as the server's default. */
    public static final int DEFAULT_LIMIT = 100;

    /** The most entries one page may hold (the server's maximum). */
    public static final int MAX_LIMIT = 500;

    /**
     * @throws IllegalArgumentException naming the part that is wrong: a limit outside 1 to {@link
     *     #MAX_LIMIT}, an entity the SDK does not know, {@code to} not after {@code from}, or a
     *     {@code before} below 1
     */
    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (entity != null && Schema.entity(entity).isEmpty()) {
            throw new IllegalArgumentException("entity: no entity is called '" + entity + "'");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
        }
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be at least 1, got " + before);
        }
    }

    /** Everything, newest first, {@link #DEFAULT_LIMIT} entries a page. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    /** This query narrowed to what one employee did (null: anyone). */
    public AuditQuery employee(String id) {
        return new AuditQuery(id, deviceId, entity, from, to, before, limit);
    }

    /** This query narrowed to what came from one device (null: any). */
    public AuditQuery device(String id) {
        return new AuditQuery(employeeId, id, entity, from, to, before, limit);
    }

    /** This query narrowed to one entity, by its wire name (null: all). */
    public AuditQuery entity(String name) {
        return new AuditQuery(employeeId, deviceId, name, from, to, before, limit);
    }

    /** This query narrowed to changes applied at or after {@code instant} (null: no lower bound). */
    public AuditQuery from(Instant instant) {
        return new AuditQuery(employeeId, deviceId, entity, instant, to, before, limit);
    }

    /** This query narrowed to changes applied before {@code instant} (null: no upper bound). */
    public AuditQuery to(Instant instant) {
        return new AuditQuery(employeeId, deviceId, entity, from, instant, before, limit);
    }

    /** The next page: entries older than {@code seq}, a page's {@code before} (null: from the newest). */
    public AuditQuery before(Long seq) {
        return new AuditQuery(employeeId, deviceId, entity, from, to, seq, limit);
    }

    /** The same query with another page size. */
    public AuditQuery limit(int entries) {
        return new AuditQuery(employeeId, deviceId, entity, from, to, before, entries);
    }
}
