package com.repairsync.server.sync;

import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.EntityType;
import java.time.Instant;
import java.util.List;

/**
 * A validated pull request.
 *
 * @param cursor changes after this sequence
 * @param limit page size
 * @param entities the entities to include
 * @param appointmentsFrom if set, appointments starting at or after it
 * @param appointmentsTo if set, appointments starting before it
 * @param protocol the wire version of the pulling device
 */
public record PullQuery(
        long cursor,
        int limit,
        List<EntityType> entities,
        Instant appointmentsFrom,
        Instant appointmentsTo,
        int protocol) {

    /** A query of a device speaking the current wire version. */
    public PullQuery(
            long cursor, int limit, List<EntityType> entities, Instant appointmentsFrom, Instant appointmentsTo) {
        this(cursor, limit, entities, appointmentsFrom, appointmentsTo, WireVersions.CURRENT);
    }

    /** The same query for the page after {@code next}. */
    public PullQuery after(long next) {
        return new PullQuery(next, limit, entities, appointmentsFrom, appointmentsTo, protocol);
    }
}
