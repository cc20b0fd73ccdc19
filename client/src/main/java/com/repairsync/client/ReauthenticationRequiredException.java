package com.repairsync.client;

/**
 * The write needs the acting employee's password again first: creating an admin or making someone
 * one, or erasing a customer. Call {@link RepairSyncDevice#confirmPassword(String)} (online), then write again; the
 * confirmation lasts a few minutes.
 */
public final class ReauthenticationRequiredException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public ReauthenticationRequiredException(String message) {
        super(message);
    }

    /** {@inheritDoc} No: the password must be confirmed first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
