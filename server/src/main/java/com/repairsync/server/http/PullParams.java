package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.sync.PullQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a pull's query parameters: cursor, page size, entities and the appointments' date range. */
final class PullParams {
    private final ServerConfig config;

    PullParams(ServerConfig config) {
        this.config = config;
    }

    /** The pull a request asks for, its parameters checked against the page limits. */
    PullQuery query(Context ctx) {
        long cursor = RequestParams.number(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        int limit = (int) RequestParams.number(ctx, "limit", config.defaultPageSize(), 1, config.maxPageSize());
        int protocol = WireVersionCheck.version(ctx);
        List<EntityType> entities = entities(ctx.queryParam("entities"), protocol);
        Instant from = RequestParams.instant(ctx, "appointmentsFrom");
        Instant to = RequestParams.instant(ctx, "appointmentsTo");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("appointmentsTo", "appointmentsTo must be after appointmentsFrom");
        }
        return new PullQuery(cursor, limit, entities, from, to, protocol);
    }

    /** The entities asked for, of those the device's wire version knows: an older device never receives a newer one. */
    private static List<EntityType> entities(String raw, int protocol) {
        List<EntityType> known = Schema.entities().stream()
                .filter(type -> type.sinceProtocol() <= protocol)
                .toList();
        if (raw == null || raw.isBlank()) {
            return known;
        }
        List<EntityType> entities = new ArrayList<>();
        for (String name : raw.split(",")) {
            EntityType type = Schema.entity(name.trim())
                    .filter(known::contains)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.UNKNOWN_ENTITY,
                            "entities",
                            "entities: unknown entity '" + name.trim() + "'; known entities are "
                                    + known.stream().map(EntityType::name).toList()));
            if (!entities.contains(type)) {
                entities.add(type);
            }
        }
        return entities;
    }
}
