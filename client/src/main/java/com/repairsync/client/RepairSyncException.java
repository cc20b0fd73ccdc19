package com.repairsync.client;

/**
 * The root of every failure the client SDK reports, so an app can catch them all in one place.
 * Whether to try again is part of the type ({@link #retriable()}), never read from a message: the
 * outbox and the app decide retry or give up by asking it.
 *
 * <p>Subtypes by origin: the network ({@link com.repairsync.client.transport.TransportException}
 * and its subtypes), the device's own database ({@link LocalStoreException}), a write the rules
 * refuse ({@link InvalidRecordException}, {@link PermissionDeniedException}, {@link
 * ReauthenticationRequiredException}, {@link RecordNotFoundException}), the device's sign-in
 * ({@link NotJoinedException}) and PIN entry ({@link WrongPinException}, {@link
 * PinLockedException}, {@link PinChangeRequiredException}).
 */
public abstract class RepairSyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected RepairSyncException(String message) {
        super(message);
    }

    protected RepairSyncException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the same operation, repeated unchanged, may succeed later (the server comes back, a
     * PIN lock runs out); false when something must change first (the input, the role, the sign-in).
     */
    public abstract boolean retriable();
}
