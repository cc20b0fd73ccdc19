package com.repairsync.client.transport;

import com.repairsync.protocol.ErrorCode;

/**
 * The server refused the device's credentials (401). {@link #code()} tells why: {@code
 * unauthorized} for a wrong password or an expired or unknown token, {@code session_revoked} when
 * the sign-in ended (logout, password reset, the signer deactivated or given another role), {@code
 * device_revoked} when the device was removed from the shop.
 */
public final class UnauthorizedException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public UnauthorizedException(String message) {
        this(ErrorCode.UNAUTHORIZED, message);
    }

    public UnauthorizedException(ErrorCode code, String message) {
        super(message, null);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
