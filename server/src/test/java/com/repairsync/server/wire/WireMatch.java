package com.repairsync.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a recorded answer with today's: every recorded member must be there with the same
 * value (objects may have gained members, which an old device ignores); arrays keep their length
 * and order; anything else is equal.
 */
final class WireMatch {
    private WireMatch() {}

    /** What differs, each naming the exchange and the JSON path; empty when the answer still matches. */
    static List<String> differences(String exchange, JsonNode recorded, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare(exchange, "", recorded, actual, differences);
        return differences;
    }

    private static void compare(String exchange, String path, JsonNode recorded, JsonNode actual, List<String> out) {
        if (recorded.isMissingNode()) {
            out.add(exchange + ": no answer recorded; record with -Drepairsync.recordWire=true");
        } else if (actual == null || actual.isMissingNode()) {
            out.add(exchange + " " + path + ": missing, was " + recorded);
        } else if (recorded.isObject() && actual.isObject()) {
            recorded.fields()
                    .forEachRemaining(member -> compare(
                            exchange,
                            path + "/" + member.getKey(),
                            member.getValue(),
                            actual.get(member.getKey()),
                            out));
        } else if (recorded.isArray() && actual.isArray() && recorded.size() == actual.size()) {
            for (int i = 0; i < recorded.size(); i++) {
                compare(exchange, path + "/" + i, recorded.get(i), actual.get(i), out);
            }
        } else if (!recorded.equals(actual)) {
            out.add(exchange + " " + path + ": was " + recorded + ", now " + actual);
        }
    }
}
