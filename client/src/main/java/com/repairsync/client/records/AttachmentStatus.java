package com.repairsync.client.records;

/**
 * How an attachment stands on this device.
 *
 * @param state where its file and record are with the server
 * @param percent how much of the file is uploaded, 0 to 100 (100 once synced)
 * @param reason why it failed or waits, else null
 * @param downloaded whether the full file is held here (open it without the network)
 * @param thumbnailHeld whether its thumbnail is held here (the gallery can show it)
 */
public record AttachmentStatus(State state, int percent, String reason, boolean downloaded, boolean thumbnailHeld) {
    /** Where an attachment is with the server. */
    public enum State {
        /** Taken here; its file waits to upload (offline, or behind other uploads). */
        PENDING_UPLOAD,
        /** Its file is uploading now, or partly uploaded. */
        UPLOADING,
        /** The server holds the file and the record. */
        SYNCED,
        /** The server refused the file or the record: {@code reason} says why; nothing was lost here. */
        FAILED
    }
}
