package com.repairsync.client;

/**
 * The write needs the acting employee's password again first: creating an admin or making someone
 * one. Call {@link RepairSyncDevice#confirmPassword(String)} (online), then write again; the
 * confirmation lasts a few minutes.
 */
public final class ReauthenticationRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReauthenticationRequiredException(String message) {
        super(message);
    }
}
