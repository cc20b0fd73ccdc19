package com.repairsync.client.transport;

import com.repairsync.protocol.ErrorCode;

/** The server refused the request (4xx other than 401); sending it again cannot help. */
public final class RequestRejectedException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ErrorCode code;
    private final String field;

    public RequestRejectedException(int status, ErrorCode code, String field, String detail) {
        super(detail, null);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending field, or null. */
    public String field() {
        return field;
    }

    /** Only for a code this version does not know (a newer server's): such a refusal is retried later. */
    @Override
    public boolean retriable() {
        return code().retriable();
    }
}
