package com.repairsync.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.WireVersions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns what went wrong on the way to the server into the {@link TransportException} that {@link
 * SyncTransport} defines for it: a non-2xx answer by its status and its RFC 9457 problem body
 * (problem+json), an I/O failure as offline (or an untrusted certificate), a 2xx answer whose body
 * cannot be read as a busy server.
 */
final class HttpFailures {
    private final ObjectMapper json;

    HttpFailures(ObjectMapper json) {
        this.json = json;
    }

    /** The exception a non-2xx reply calls for: 401 unauthorized, 429 and 5xx busy, else rejected. */
    TransportException failure(HttpReply reply) {
        Problem problem = problem(reply);
        int status = reply.status();
        if (status == 401) {
            return new UnauthorizedException(problem.code(), problem.detail());
        }
        if (status == 426 || problem.code() == ErrorCode.UPGRADE_REQUIRED) {
            return new UpgradeRequiredException(
                    reply.headers().firstValue(WireVersions.SUPPORTED_HEADER).orElse(null), problem.detail());
        }
        if (status == 429 || status >= 500) {
            return new ServerBusyException(status, problem.detail(), retryAfter(reply.headers()));
        }
        return new RequestRejectedException(status, problem.code(), problem.field(), problem.detail());
    }

    /** The parts of an RFC 9457 problem body the exceptions carry. */
    private record Problem(ErrorCode code, String field, String detail) {}

    /** Reads a problem body, falling back to the status when the body is not one (a proxy's page). */
    private Problem problem(HttpReply reply) {
        JsonNode body = problemBody(reply.body());
        String fallback = reply.uri() + " answered " + reply.status()
                + reply.headers()
                        .firstValue("Location")
                        .map(to -> " (redirect to " + to + ")")
                        .orElse("")
                + (reply.body().length == 0 ? "" : ": " + reply.bodySnippet());
        ErrorCode code =
                body.hasNonNull("code") ? ErrorCode.fromWire(body.get("code").asText()) : codeForStatus(reply.status());
        String field = body.hasNonNull("field") ? body.get("field").asText() : null;
        String detail = body.hasNonNull("detail") ? body.get("detail").asText() : fallback;
        return new Problem(code, field, detail);
    }

    private JsonNode problemBody(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    /** A code for a problem without one: the generic code of the status (protocol's table), else UNKNOWN. */
    static ErrorCode codeForStatus(int status) {
        return ErrorCode.forStatus(status).orElse(ErrorCode.UNKNOWN);
    }

    /** {@code Retry-After} in delay-seconds form; null when absent or an HTTP date. */
    private static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .map(String::strip)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }

    /** A 2xx answer this client cannot read: something in between is broken, retrying may help. */
    static ServerBusyException unreadable(HttpReply reply, String why) {
        return new ServerBusyException(
                reply.status(),
                "unreadable answer " + reply.status() + " from " + reply.uri() + " (" + why + "): "
                        + reply.bodySnippet(),
                null);
    }

    /** A pull stream that broke off or carried something that is not a page. */
    static ServerBusyException unreadableStream(URI uri, int status, String why) {
        return new ServerBusyException(status, "unreadable pull stream from " + uri + ": " + why, null);
    }

    /** The server could not be reached, or presented a certificate this device does not trust. */
    static OfflineException offline(URI uri, IOException cause) {
        Optional<UntrustedCertificateException> untrusted =
                ServerTrust.untrusted(uri.getScheme() + "://" + uri.getRawAuthority(), cause);
        if (untrusted.isPresent()) {
            return untrusted.get();
        }
        String what;
        if (cause instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + uri + " in time";
        } else if (cause instanceof HttpTimeoutException) {
            what = "no answer from " + uri + " in time";
        } else {
            what = "cannot reach " + uri;
        }
        return new OfflineException(what + ": " + describe(cause), cause);
    }

    /** A network failure in words for people: "connection refused", "connection closed", ... */
    static String describe(Throwable error) {
        if (error instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (error instanceof java.net.UnknownHostException) {
            return "unknown host " + error.getMessage();
        }
        if (error instanceof java.nio.channels.ClosedChannelException || error instanceof java.io.EOFException) {
            return "connection closed";
        }
        String message = error.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        String failed = "connection failed (" + error.getClass().getSimpleName() + ")";
        return error.getCause() == null || error.getCause() == error
                ? failed
                : failed + ": " + describe(error.getCause());
    }
}
