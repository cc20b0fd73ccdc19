package com.repairsync.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes one hostile request at a time from a seeded {@link Random}: a valid request for a random
 * endpoint, then one or more mutations of its JSON tree (members dropped, added, retyped, made huge
 * or deeply nested), of its bytes (cut, invalid UTF-8, duplicated keys, flipped), of its headers
 * (content type, forged, expired, {@code alg: none} and other shops' tokens) or of its path and
 * query.
 */
final class RequestFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEEP = "@@deep@@";
    private static final List<String> ENDPOINTS = List.of(
            "push",
            "push",
            "push",
            "push",
            "pull",
            "login",
            "refresh",
            "logout",
            "shops",
            "password",
            "get",
            "realtime",
            "read",
            "read",
            "refused-write");

    /**
     * The reads added since the fuzzer was written (history, audit, the history feed, devices and their
     * held changes, the console's figures, file downloads), each with {@code {id}} for a path id.
     */
    private static final List<String> READS = List.of(
            "/v1/records/customers/{id}/history",
            "/v1/records/tickets/{id}/history",
            "/v1/records/nothing/{id}/history",
            "/v1/audit",
            "/v1/history/feed",
            "/v1/devices",
            "/v1/devices/{id}/held",
            "/v1/analytics",
            "/v1/alerts",
            "/v1/files/{id}",
            "/v1/custom-fields");

    /** Query parameters those reads take, and hostile values for them. */
    private static final List<String> QUERY_NAMES =
            List.of("limit", "before", "after", "from", "to", "entity", "employee", "device", "since", "window");

    private static final List<String> QUERY_VALUES = List.of(
            "-1",
            "0",
            "1",
            "201",
            "99999999999999999999",
            "x",
            "",
            "2020-13-45T99:00:00Z",
            "2026-01-01",
            "%27%20OR%201%3D1",
            "%00",
            "a".repeat(5000),
            "customers",
            "00000000-0000-0000-0000-000000000000");

    /** The ids and tokens of the shops under attack; {@code bystander} ids belong to a shop never signed in to. */
    record Targets(
            String shopToken,
            String technicianToken,
            String intruderToken,
            String expiredToken,
            String refreshToken,
            String deviceId,
            String adminId,
            String adminEmail,
            Map<String, String> shopIds,
            Map<String, String> bystanderIds) {}

    /** One request to send, and what it is for the checks. */
    record FuzzCase(
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            int cutBodyAt,
            String endpoint,
            String token,
            List<String> mutations) {
        boolean writesAsTheShop(Targets targets) {
            return targets.shopToken().equals(token)
                    || targets.technicianToken().equals(token);
        }

        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + abbreviate(target) + " " + mutations + " body=" + abbreviate(text);
        }
    }

    private final Random random;
    private final Targets targets;

    RequestFuzzer(Random random, Targets targets) {
        this.random = random;
        this.targets = targets;
    }

    FuzzCase next() {
        String endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
        List<String> applied = new ArrayList<>();
        String method = "POST";
        String target;
        ObjectNode body = null;
        String token = null;
        switch (endpoint) {
            case "push" -> {
                target = "/v1/sync/push";
                body = pushBody();
                token = random.nextInt(5) == 0 ? targets.technicianToken() : targets.shopToken();
            }
            case "pull" -> {
                method = "GET";
                target = random.nextInt(3) == 0
                        ? "/v1/sync/pull/stream?pages=" + pick(List.of("1", "3", "0", "101", "-1", "x", "")) + "&"
                                + pullQuery(applied)
                        : "/v1/sync/pull?" + pullQuery(applied);
                token = targets.shopToken();
            }
            case "login" -> {
                target = "/v1/auth/login";
                body = object(
                        "email",
                        targets.adminEmail(),
                        "password",
                        "wrong password " + random.nextInt(),
                        "deviceName",
                        "fuzz");
                if (random.nextBoolean()) {
                    body.put("deviceId", pick(targets.bystanderIds().values()));
                }
            }
            case "refresh", "logout" -> {
                // never the fuzz admin's own refresh token: a logout would end the login the checks use
                target = "/v1/auth/" + endpoint;
                body = object(
                        "refreshToken",
                        random.nextBoolean()
                                ? targets.refreshToken() + "x"
                                : UUID.randomUUID().toString());
            }
            case "shops" -> {
                target = "/v1/shops";
                body = object(
                        "shopName",
                        "Fuzz " + random.nextInt(),
                        "email",
                        "fuzz" + UUID.randomUUID() + "@shop.test",
                        "password",
                        "long enough password",
                        "firstName",
                        "Fuzz");
            }
            case "password" -> {
                method = "PUT";
                String employee = random.nextBoolean()
                        ? targets.adminId()
                        : targets.bystanderIds().get("employees");
                target = "/v1/employees/" + pathId(employee, applied) + "/password";
                // never a valid new password for the fuzz shop's admin: the fuzzer would lock itself out
                body = object("password", random.nextBoolean() ? "short" : null);
                token = pick(List.of(targets.shopToken(), targets.technicianToken(), targets.intruderToken()));
            }
            case "realtime" -> {
                method = "GET";
                target = "/v1/realtime" + (random.nextBoolean() ? "?access_token=" + forgedOrReal(applied) : "");
            }
            case "read" -> {
                method = "GET";
                String id = pick(List.of(
                        pick(targets.bystanderIds().values()),
                        targets.deviceId(),
                        UUID.randomUUID().toString()));
                target = pick(READS).replace("{id}", pathId(id, applied)) + "?" + hostileQuery(applied);
                token = pick(List.of(targets.shopToken(), targets.technicianToken(), targets.intruderToken()));
            }
            case "refused-write" -> {
                // Writes that must change nothing here: another shop's or an unknown record or device,
                // or an erasure without a step-up token (the fuzz admin never has one).
                String id = pick(List.of(
                        targets.bystanderIds().get("customers"),
                        targets.bystanderIds().get("devices"),
                        UUID.randomUUID().toString()));
                target = pick(List.of(
                                "/v1/records/customers/{id}/erase",
                                "/v1/devices/{id}/revoke",
                                "/v1/devices/{id}/held/" + UUID.randomUUID() + "/apply",
                                "/v1/devices/{id}/held/" + UUID.randomUUID() + "/discard"))
                        .replace("{id}", pathId(id, applied));
                body = object("stepUp", pick(List.of("", "x", targets.shopToken())));
                token = pick(List.of(targets.shopToken(), targets.technicianToken(), targets.intruderToken()));
            }
            default -> {
                method = "GET";
                target = pick(List.of("/v1/health", "/v1/openapi.json", "/metrics", "/v1/nothing", "/"));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if ("realtime".equals(endpoint)) {
            headers.put("Upgrade", "websocket");
            headers.put("Connection", "Upgrade");
            headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(new byte[16]));
            headers.put("Sec-WebSocket-Version", "13");
        }
        int treeMutations = body == null ? 0 : random.nextInt(4);
        for (int i = 0; i < treeMutations; i++) {
            applied.add(mutateTree(body));
        }
        byte[] bytes = body == null ? null : deepen(body.toString()).getBytes(StandardCharsets.UTF_8);
        int cut = -1;
        int roll = random.nextInt(100);
        if (bytes != null && roll < 25) {
            String kind =
                    pick(List.of("truncate", "cut-transfer", "invalid-utf8", "duplicate-key", "flip", "not-an-object"));
            applied.add(kind);
            switch (kind) {
                case "truncate" -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case "cut-transfer" -> cut = random.nextInt(bytes.length);
                case "invalid-utf8" -> bytes = invalidUtf8(bytes);
                case "duplicate-key" -> bytes = duplicateKey(bytes);
                case "flip" -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                default ->
                    bytes = pick(List.of("[]", "null", "42", "\"text\"", "[{}]"))
                            .getBytes(StandardCharsets.UTF_8);
            }
        } else if (roll < 35) {
            String type = pick(List.of(
                    "text/plain",
                    "application/xml",
                    "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded",
                    "",
                    "application/json; charset=latin1",
                    "application/jsonp"));
            applied.add("content-type:" + type);
            if (type.isEmpty()) {
                headers.remove("Content-Type");
            } else {
                headers.put("Content-Type", type);
            }
        } else if (roll < 55) {
            token = tokenAttack(token, applied);
        } else if (roll < 62) {
            method = pick(List.of("PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PUT", "GET", "BREW"));
            applied.add("method:" + method);
        } else if (roll < 67) {
            target = pathAttack(target, applied);
        }
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return new FuzzCase(method, target, headers, bytes, cut, endpoint, token, applied);
    }

    // ------------------------------------------------------------------ valid requests

    private ObjectNode pushBody() {
        ObjectNode body = NODES.objectNode();
        body.put("deviceId", targets.deviceId());
        ArrayNode mutations = body.putArray("mutations");
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 4);
        String group = random.nextInt(4) == 0 ? UUID.randomUUID().toString() : null;
        for (int i = 0; i < count; i++) {
            ObjectNode mutation = validMutation();
            if (group != null) {
                mutation.put("groupId", group);
            }
            mutations.add(mutation);
        }
        return body;
    }

    private ObjectNode validMutation() {
        EntityType type = pick(Schema.entities());
        ObjectNode mutation = NODES.objectNode();
        mutation.put("mutationId", UUID.randomUUID().toString());
        mutation.put("entity", type.name());
        mutation.put(
                "hlc",
                String.format("%015d-%05d-%s", Instant.now().toEpochMilli(), random.nextInt(100), targets.deviceId()));
        mutation.put("actorId", targets.adminId());
        String existing = targets.shopIds().get(type.name());
        int op = random.nextInt(10);
        if (op == 0) {
            mutation.put("recordId", existing);
            mutation.put("op", "delete");
        } else if (op < 3 && type.fields().stream().anyMatch(FieldSpec::isCounter)) {
            mutation.put("recordId", existing);
            mutation.put("op", "adjust");
            mutation.putObject("deltas").put("quantity", random.nextInt(11) - 5);
        } else {
            boolean create = random.nextBoolean();
            mutation.put("recordId", create ? UUID.randomUUID().toString() : existing);
            mutation.put("op", "upsert");
            ObjectNode fields = mutation.putObject("fields");
            for (FieldSpec field : type.fields()) {
                if ((create && field.required()) || random.nextInt(3) == 0) {
                    fields.set(field.name(), validValue(field));
                }
            }
            if (!create) {
                fields.remove("quantity"); // a counter is only set on create
            }
        }
        return mutation;
    }

    private JsonNode validValue(FieldSpec field) {
        return switch (field.type()) {
            case ENUM -> NODES.textNode(pick(field.allowedValues()));
            case REFERENCE -> NODES.textNode(targets.shopIds().get(field.references()));
            case INTEGER -> NODES.numberNode(field.min() + random.nextInt(10));
            case MONEY -> NODES.numberNode(random.nextInt(100_000));
            case COUNTER -> NODES.numberNode(random.nextInt(100));
            case INSTANT ->
                NODES.textNode(Instant.now().plusSeconds(random.nextInt(86_400)).toString());
            case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
            default ->
                NODES.textNode(
                        field.name().equals("email")
                                ? "f" + random.nextInt(1_000_000) + "@x.test"
                                : "text " + random.nextInt(1000));
        };
    }

    private String pullQuery(List<String> applied) {
        List<String> parts = new ArrayList<>();
        if (random.nextBoolean()) {
            parts.add("cursor="
                    + pick(List.of("0", "-1", "99999999999999999999", "abc", "1e3", "", "9223372036854775807", "%00")));
        }
        if (random.nextBoolean()) {
            parts.add("limit=" + pick(List.of("1", "0", "-5", "100000", "2147483648", "x")));
        }
        if (random.nextBoolean()) {
            parts.add("entities="
                    + pick(List.of("customers", "customers,,tickets", "nope", "%E2%9C%93", "customers,customers", "")));
        }
        if (random.nextBoolean()) {
            parts.add("appointmentsFrom="
                    + pick(List.of(
                            "2026-01-01T00:00:00Z",
                            "yesterday",
                            "-999999999-01-01T00:00:00Z",
                            "+1000000000-01-01T00:00:00Z")));
            parts.add("appointmentsTo=" + pick(List.of("2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "%FF%FE")));
        }
        applied.add("query");
        return String.join("&", parts);
    }

    // ------------------------------------------------------------------ mutations

    /** Changes one random member somewhere in the tree; says what it did. */
    private String mutateTree(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = pick(objects);
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        int kind = random.nextInt(4);
        if (kind == 0 && !names.isEmpty()) {
            String name = pick(names);
            target.remove(name);
            return "drop " + name;
        }
        if (kind == 1) {
            String name = pick(List.of(
                    "shopId",
                    "seq",
                    "id",
                    "createdAt",
                    "updatedAt",
                    "deleted",
                    "version",
                    "x",
                    "__proto__",
                    "role",
                    "pinHash",
                    "",
                    "a".repeat(300)));
            target.set(name, hostileValue());
            return "extra " + abbreviate(name);
        }
        if (names.isEmpty()) {
            return "nothing to change";
        }
        String name = pick(names);
        target.set(name, hostileValue());
        return "retype " + name;
    }

    private void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        if (node.isContainerNode() && into.size() < 200) {
            Iterator<JsonNode> children = node.elements();
            while (children.hasNext()) {
                collectObjects(children.next(), into);
            }
        }
    }

    private JsonNode hostileValue() {
        return switch (random.nextInt(18)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(Long.MIN_VALUE);
            case 4 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 6 -> NODES.numberNode(3.75);
            case 7 -> NODES.booleanNode(random.nextBoolean());
            case 8 -> NODES.textNode("x".repeat(random.nextBoolean() ? 5_000 : 200_000));
            case 9 ->
                NODES.textNode(pick(List.of(
                        "",
                        " ",
                        "not-a-uuid",
                        "00000000-0000-0000-0000-00000000000g",
                        "'; DROP TABLE customers; --",
                        "\u0000",
                        "\uD83D\uDE00",
                        "%s%s%n",
                        "../../etc/passwd",
                        "2026-13-45T99:00:00Z")));
            case 10 -> NODES.textNode(pick(targets.bystanderIds().values()));
            case 11 -> NODES.textNode(UUID.randomUUID().toString().toUpperCase());
            case 12 -> hugeArray();
            case 13 -> NODES.textNode(DEEP + (random.nextBoolean() ? 200 : 5_000) + DEEP);
            case 14 -> NODES.objectNode().put("nested", "object");
            case 15 -> NODES.arrayNode().add(1).add("two").addNull();
            case 16 -> NODES.numberNode(Integer.MIN_VALUE);
            default ->
                NODES.textNode(pick(List.of(
                        "admin", "manager", "technician", "front_desk", "checked_in", "upsert", "delete", "adjust")));
        };
    }

    private JsonNode hugeArray() {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextBoolean() ? 600 : 20_000;
        for (int i = 0; i < size; i++) {
            array.add(i);
        }
        return array;
    }

    /**
     * Replaces each {@code "@@deep@@N@@deep@@"} string with N levels of nested arrays and objects,
     * deeper than Jackson will write.
     */
    private static String deepen(String json) {
        java.util.regex.Matcher marker = java.util.regex.Pattern.compile("\"" + DEEP + "(\\d+)" + DEEP + "\"")
                .matcher(json);
        StringBuilder out = new StringBuilder();
        while (marker.find()) {
            int depth = Integer.parseInt(marker.group(1));
            StringBuilder nested = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                nested.append(i % 2 == 0 ? "[" : "{\"n\":");
            }
            nested.append("\"bottom\"");
            for (int i = depth - 1; i >= 0; i--) {
                nested.append(i % 2 == 0 ? "]" : "}");
            }
            marker.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(nested.toString()));
        }
        marker.appendTail(out);
        return out.toString();
    }

    private byte[] invalidUtf8(byte[] bytes) {
        byte[][] bad = {
            {(byte) 0xC3, 0x28},
            {(byte) 0xFF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xC0, (byte) 0xAF}
        };
        byte[] insert = bad[random.nextInt(bad.length)];
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int quote = text.indexOf('"', random.nextInt(Math.max(1, text.length())));
        int at = quote < 0 ? bytes.length / 2 : quote + 1;
        byte[] result = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(bytes, at, result, at + insert.length, bytes.length - at);
        return result;
    }

    private byte[] duplicateKey(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("{")) {
            return bytes;
        }
        String duplicate = pick(List.of(
                "\"deviceId\":\"" + UUID.randomUUID() + "\",",
                "\"mutations\":[],",
                "\"email\":\"other@shop.test\",",
                "\"password\":123,",
                "\"shopId\":\"" + pick(targets.bystanderIds().values()) + "\","));
        return ("{" + duplicate + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private String tokenAttack(String token, List<String> applied) {
        String kind = pick(List.of(
                "none",
                "garbage",
                "alg-none",
                "wrong-key",
                "expired",
                "intruder",
                "tampered",
                "empty",
                "huge",
                "truncated"));
        applied.add("token:" + kind);
        String real = token == null ? targets.shopToken() : token;
        return switch (kind) {
            case "none" -> null;
            case "garbage" -> UUID.randomUUID().toString();
            case "alg-none" -> algNone(real);
            case "wrong-key" -> resigned(real);
            case "expired" -> targets.expiredToken();
            case "intruder" -> targets.intruderToken();
            case "tampered" -> tampered(real);
            case "empty" -> "";
            case "huge" -> "e".repeat(20_000);
            default -> real.substring(0, random.nextInt(real.length()));
        };
    }

    private String forgedOrReal(List<String> applied) {
        String token = tokenAttack(targets.shopToken(), applied);
        return token == null ? targets.shopToken() : java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The token's claims with the shop replaced by the bystander's, signed with alg none. */
    private String algNone(String token) {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + otherShopPayload(token) + ".";
    }

    private String resigned(String token) {
        String[] parts = token.split("\\.");
        String signingInput = parts[0] + "." + otherShopPayload(token);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = new byte[32];
            random.nextBytes(key);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The real header and signature with claims pointing at another shop and role. */
    private String tampered(String token) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + otherShopPayload(token) + "." + parts[2];
    }

    private String otherShopPayload(String token) {
        String[] parts = token.split("\\.");
        try {
            ObjectNode claims =
                    (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            claims.put("shop", targets.bystanderIds().get("shop"));
            claims.put("role", "admin");
            claims.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
            return b64(claims.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the server's token is not a JWT: " + token, e);
        }
    }

    private String pathAttack(String target, List<String> applied) {
        String attack = pick(List.of(
                "/..%2F..%2Fetc%2Fpasswd", "/%ZZ", "/" + "a".repeat(9000), "/;jsessionid=x", "//", "/%00", "?%%%"));
        applied.add("path:" + abbreviate(attack));
        int query = target.indexOf('?');
        return query < 0 ? target + attack : target.substring(0, query) + attack + target.substring(query);
    }

    /** One to three query parameters of the reads, each with a hostile or ordinary value. */
    private String hostileQuery(List<String> applied) {
        StringBuilder query = new StringBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            String value = pick(QUERY_VALUES);
            query.append(query.length() == 0 ? "" : "&")
                    .append(pick(QUERY_NAMES))
                    .append('=')
                    .append(value);
            applied.add("query:" + abbreviate(value));
        }
        return query.toString();
    }

    private String pathId(String real, List<String> applied) {
        if (random.nextInt(3) > 0) {
            return real;
        }
        String bad = pick(List.of(
                "not-a-uuid",
                "%20",
                "00000000-0000-0000-0000-000000000000",
                real.toUpperCase(),
                real + "x",
                "' OR 1=1 --"));
        applied.add("path-id:" + bad);
        return java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ helpers

    private ObjectNode object(String... pairs) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }

    private <T> T pick(java.util.Collection<T> values) {
        List<T> list = values instanceof List<T> l ? l : new ArrayList<>(values);
        return list.get(random.nextInt(list.size()));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
    }
}
