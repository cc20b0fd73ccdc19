package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * Stable error codes, shared by push results and problem+json responses.
 *
 * <p>Codes are part of the wire contract: they are never renamed. Whether a client should retry is
 * part of the code, never something to read out of a message. An unknown code from a newer server
 * maps to {@link #UNKNOWN}, which is retried later.
 *
 * <p>Each code carries the HTTP status of a request-level error with it ({@link #httpStatus()});
 * the other way, {@link #forStatus(int)} names the generic code of a status, for an error that
 * came without a code (a framework's or a proxy's answer).
 */
public enum ErrorCode {
    VALIDATION_FAILED("validation_failed", 400, false),
    INVALID_FIELD("invalid_field", 400, false),
    UNKNOWN_ENTITY("unknown_entity", 400, false),
    UNKNOWN_RECORD("unknown_record", 404, false),
    FORBIDDEN("forbidden", 403, false),
    CLOCK_SKEW("clock_skew", 400, false),
    /** A mutation of an all-or-nothing group that was not applied because another one failed. */
    GROUP_FAILED("group_failed", 409, false),
    MALFORMED_REQUEST("malformed_request", 400, false),
    UNAUTHORIZED("unauthorized", 401, false),
    /** The device was removed from the shop: it must not sync again, and keeps what it had queued. */
    DEVICE_REVOKED("device_revoked", 401, false),
    /**
     * The sign-in ended: logged out, password reset, or the employee who signed the device in was
     * deactivated, deleted or demoted. The device keeps its queue until someone signs it in again.
     */
    SESSION_REVOKED("session_revoked", 401, false),
    /** The action needs the password again: a fresh confirmation (step-up) or the current password. */
    REAUTHENTICATION_REQUIRED("reauthentication_required", 403, false),
    NOT_FOUND("not_found", 404, false),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, false),
    CONFLICT("conflict", 409, false),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, false),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, false),
    /**
     * The device speaks an older protocol than the server serves ({@link WireVersions}): it must be
     * updated. Retried after the update; the device keeps its queued changes meanwhile.
     */
    UPGRADE_REQUIRED("upgrade_required", 426, true),
    /**
     * A record names a file the server does not hold yet (its upload has not finished): the record
     * waits for the file and goes again, never to the failed queue while the device holds the bytes.
     */
    FILE_MISSING("file_missing", 409, true),
    /** A file is larger than the server takes ({@code --max-attachment}). */
    FILE_TOO_LARGE("file_too_large", 413, false),
    /** A file's bytes are of none of the allowed types (JPEG, PNG, HEIC, WebP, PDF), whatever its name. */
    FILE_TYPE_NOT_ALLOWED("file_type_not_allowed", 415, false),
    /** A chunk or a whole file does not have the SHA-256 it was sent under; nothing of it was kept. */
    HASH_MISMATCH("hash_mismatch", 400, false),
    /** The shop's files would pass its storage quota ({@code --attachment-quota}); retried later. */
    QUOTA_EXCEEDED("quota_exceeded", 413, true),
    /**
     * The change names a field or an entity this server does not know, and comes from a device that
     * speaks a newer protocol ({@link WireVersions}): the server is older than the device. Nothing of
     * the change is applied; the device keeps it queued and sends it again later, never to its
     * failed queue (a change mixing known and unknown fields waits whole: see docs/sync-protocol.md).
     */
    NOT_YET_KNOWN("not_yet_known", 409, true),
    RATE_LIMITED("rate_limited", 429, true),
    UNAVAILABLE("unavailable", 503, true),
    INTERNAL("internal_error", 500, true),
    /**
     * A code this version does not know, from a newer server. Retried later, never final: a newer
     * server's new refusal must not send an older device's changes to its failed queue.
     */
    UNKNOWN("unknown", 500, true);

    private final String wireName;
    private final int httpStatus;
    private final boolean retriable;

    ErrorCode(String wireName, int httpStatus, boolean retriable) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
        this.retriable = retriable;
    }

    /** The stable string sent on the wire. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The HTTP status a request-level error with this code carries. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The generic code of an HTTP status, for an error answered without a code of its own: the one
     * code that says no more than the status does. Empty for a status no code stands for (such as
     * 502); the caller chooses its fallback then.
     */
    public static Optional<ErrorCode> forStatus(int status) {
        return GENERIC.stream().filter(code -> code.httpStatus == status).findFirst();
    }

    /** The codes that say no more than their status, one per status. */
    private static final List<ErrorCode> GENERIC = List.of(
            MALFORMED_REQUEST,
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            METHOD_NOT_ALLOWED,
            CONFLICT,
            PAYLOAD_TOO_LARGE,
            UNSUPPORTED_MEDIA_TYPE,
            UPGRADE_REQUIRED,
            RATE_LIMITED,
            INTERNAL,
            UNAVAILABLE);

    /** Whether the same request may succeed if sent again unchanged. */
    public boolean retriable() {
        return retriable;
    }

    /** The code for a wire name; an unrecognised name maps to {@link #UNKNOWN}. */
    @JsonCreator
    public static ErrorCode fromWire(String wireName) {
        for (ErrorCode code : values()) {
            if (code.wireName.equals(wireName)) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
