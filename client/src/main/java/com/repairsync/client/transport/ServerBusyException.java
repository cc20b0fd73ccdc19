package com.repairsync.client.transport;

import java.time.Duration;

/** The server answered 5xx, 429 or 503: retry with backoff, spending an attempt. */
public final class ServerBusyException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    public ServerBusyException(int status, String message, Duration retryAfter) {
        super(message, null);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
