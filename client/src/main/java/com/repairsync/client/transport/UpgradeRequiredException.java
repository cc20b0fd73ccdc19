package com.repairsync.client.transport;

/**
 * The server serves only newer protocol versions than this SDK speaks ({@code 426
 * upgrade_required}): the app must be updated. Nothing is lost: queued changes stay queued (never
 * failed) and go once an updated app syncs; until then the sync state says "Update RepairSync to
 * keep syncing".
 */
public final class UpgradeRequiredException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final String supported;

    /**
     * @param supported the versions the server serves, as it named them ({@code 2-3}), or null
     * @param detail the server's words
     */
    public UpgradeRequiredException(String supported, String detail) {
        super("Update RepairSync to keep syncing: " + detail, null);
        this.supported = supported;
    }

    /** The protocol versions the server serves ({@code min-max}), or null if it did not say. */
    public String supported() {
        return supported;
    }

    /** Retried after the update; the queue is kept meanwhile. */
    @Override
    public boolean retriable() {
        return true;
    }
}
