package com.repairsync.server;

import com.repairsync.protocol.ErrorCode;
import java.time.Duration;

/**
 * A request failed in a way the client should be told about; the HTTP layer turns it into an RFC
 * 9457 problem+json response with the code, the offending field and the detail.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int status;
    private final String field;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String field, String detail) {
        this(code, code.httpStatus(), field, detail, null);
    }

    public ApiException(ErrorCode code, int status, String field, String detail, Duration retryAfter) {
        super(detail);
        this.code = code;
        this.status = status;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(ErrorCode.UNAUTHORIZED, null, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(ErrorCode.FORBIDDEN, null, detail);
    }

    public static ApiException invalid(String field, String detail) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, field, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The offending request field, or null. */
    public String field() {
        return field;
    }

    /** For rate limiting: how long to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
