package com.repairsync.client.transport;

import com.repairsync.client.AuditQuery;
import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.WireInstant;
import java.util.Map;
import java.util.StringJoiner;

/**
 * History and erasure over HTTP (wire version 6): one record's history, the shop's audit, the
 * history feed a manager's device keeps offline, and a customer's erasure. Failures map as for
 * every request ({@link HttpFailures}).
 */
final class HistoryCalls {
    private final HttpExchange exchange;

    HistoryCalls(HttpExchange exchange) {
        this.exchange = exchange;
    }

    HistoryPage record(String token, String entity, String id, Long before, int limit) {
        StringJoiner query = new StringJoiner("&", "?", "");
        if (before != null) {
            query.add("before=" + before);
        }
        query.add("limit=" + limit);
        return get(token, recordPath(entity, id) + "/history" + query, HistoryPage.class);
    }

    HistoryPage audit(String token, AuditQuery filter) {
        StringJoiner query = new StringJoiner("&", "?", "");
        add(query, "employee", filter.employeeId());
        add(query, "device", filter.deviceId());
        add(query, "entity", filter.entity());
        add(query, "from", WireInstant.format(filter.from()));
        add(query, "to", WireInstant.format(filter.to()));
        add(query, "before", filter.before() == null ? null : filter.before().toString());
        query.add("limit=" + filter.limit());
        return get(token, "/v1/audit" + query, HistoryPage.class);
    }

    HistoryFeed feed(String token, long after, int limit) {
        return get(token, "/v1/history/feed?after=" + after + "&limit=" + limit, HistoryFeed.class);
    }

    /** The body carries the admin's step-up token ({@code {"stepUp": ...}}), or nothing without one. */
    Erasure eraseCustomer(String token, String id, String stepUpToken) {
        String path = recordPath("customers", id) + "/erase";
        Map<String, String> body = stepUpToken == null ? Map.of() : Map.of("stepUp", stepUpToken);
        return exchange.read(exchange.exchange(exchange.post(path, body, token)), Erasure.class);
    }

    private <T> T get(String token, String path, Class<T> type) {
        return exchange.read(
                exchange.exchange(exchange.request(path, token).GET().build()), type);
    }

    private static String recordPath(String entity, String id) {
        return "/v1/records/" + HttpExchange.encode(entity) + "/" + HttpExchange.encode(id);
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + HttpExchange.encode(value));
        }
    }
}
