package com.repairsync.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.realtime.RealtimeHub;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a device may say on its realtime socket: one message, {@code {"type":"acting",
 * "employeeId":...}}, sent after a PIN switch so the shop's presence shows who is acting on the
 * device. The server checks it as {@code PushService} checks a mutation's actor: the employee is
 * an active employee of the token's shop, does not outrank the employee who signed the device in
 * (as that employee's role is now), and on a device signed in by a technician or front desk
 * employee is that employee. A refused message changes nothing and is answered with {@code
 * {"type":"refused","request":"acting","code":...,"message":...}}.
 *
 * <p>Bounds: a message is at most {@link #MAX_MESSAGE_CHARS} characters (Jetty also drops any over
 * {@link #MAX_FRAME_BYTES} bytes with 1009), and a socket may send {@link #BURST} messages at once,
 * then one per {@link #REFILL_NANOS} ns; one over the rate is refused before any database read.
 */
final class DeviceMessages {
    static final int MAX_MESSAGE_CHARS = 256;
    static final int MAX_FRAME_BYTES = 1024;
    static final int BURST = 5;
    static final long REFILL_NANOS = 2_000_000_000L;

    private final ObjectMapper json;
    private final Store store;
    private final RealtimeHub hub;
    private final LongSupplier nanoTime;

    DeviceMessages(ObjectMapper json, Store store, RealtimeHub hub, LongSupplier nanoTime) {
        this.json = json;
        this.store = store;
        this.hub = hub;
        this.nanoTime = nanoTime;
    }

    /** A socket's allowance of messages (a token bucket); used from the socket's one reader thread. */
    static final class Rate {
        private double tokens = BURST;
        private long refilledAt;
        private boolean started;

        boolean take(long now) {
            if (!started) {
                started = true;
                refilledAt = now;
            }
            tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / REFILL_NANOS);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    /** Handles one text message of a socket. */
    void handle(RealtimeHub.Connection socket, Rate rate, String text) {
        try {
            if (!rate.take(nanoTime.getAsLong())) {
                throw refusal(
                        ErrorCode.RATE_LIMITED,
                        "too many messages: at most " + BURST + " at once, then one every "
                                + REFILL_NANOS / 1_000_000_000L + " s");
            }
            String employeeId = parse(text);
            check(socket.principal(), employeeId);
            hub.acting(socket, employeeId);
        } catch (ApiException refused) {
            reply(socket, refused);
        }
    }

    private String parse(String text) {
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw refusal(
                    ErrorCode.VALIDATION_FAILED,
                    "message of " + text.length() + " characters exceeds the limit of " + MAX_MESSAGE_CHARS);
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw refusal(ErrorCode.VALIDATION_FAILED, "message is not JSON");
        }
        if (message == null || !"acting".equals(message.path("type").asText())) {
            throw refusal(ErrorCode.VALIDATION_FAILED, "unknown message type; a device sends only \"acting\"");
        }
        JsonNode employeeId = message.path("employeeId");
        return Optional.ofNullable(employeeId.isTextual() ? employeeId.asText() : null)
                .flatMap(FieldSpec::canonicalUuid)
                .orElseThrow(() -> refusal(ErrorCode.VALIDATION_FAILED, "employeeId must be a UUID"));
    }

    /** The actor rule of a push, for the employee the device now acts for. */
    private void check(Principal principal, String employeeId) {
        store.read(tx -> {
            Role signer = AuthService.currentRole(tx, principal);
            if (!signer.managesShop() && !employeeId.equals(principal.employeeId())) {
                throw refusal(
                        ErrorCode.FORBIDDEN,
                        "this device is signed in by a " + signer.wireName()
                                + " and may only act for that employee, not " + employeeId);
            }
            Role acting = tx.findEmployee(principal.shopId(), employeeId)
                    .filter(EmployeeRow::active)
                    .map(EmployeeRow::role)
                    .orElseThrow(
                            () -> refusal(ErrorCode.FORBIDDEN, employeeId + " is not an active employee of this shop"));
            if (acting.outranks(signer)) {
                throw refusal(
                        ErrorCode.FORBIDDEN,
                        "this device is signed in by a " + signer.wireName() + " and may not act as " + employeeId
                                + ", a " + acting.wireName());
            }
            return null;
        });
    }

    private static ApiException refusal(ErrorCode code, String message) {
        return new ApiException(code, null, message);
    }

    private void reply(RealtimeHub.Connection socket, ApiException refused) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("type", "refused");
        answer.put("request", "acting");
        answer.put("code", refused.code().wireName());
        answer.put("message", refused.getMessage());
        hub.reply(socket, answer);
    }
}
