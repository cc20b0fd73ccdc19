package com.repairsync.protocol;

import java.util.OptionalInt;

/**
 * Versions of the wire. A device names the protocol it speaks and its SDK on every request; the
 * server answers every request with the range it serves, and refuses a device older than that
 * range with {@link ErrorCode#UPGRADE_REQUIRED} (the device shows "Update RepairSync to keep
 * syncing" and keeps its queued changes). A device newer than the range is served as the newest
 * version the server knows: versions only add to the wire.
 *
 * <ul>
 *   <li>1: the wire before versions (a request without the header is version 1);
 *   <li>2: version headers, {@code upgrade_required}, and unknown error codes retried later.
 *   <li>3: {@code create} on upserts ({@link Mutation#create()}): an edit of a record the server
 *       lacks waits for the record's create instead of creating it from the edited fields; and a
 *       pull page's {@code from} ({@link PullResponse#from()}), so a device stores only pages that
 *       continue from its own cursor.
 *   <li>4: device health reports ({@link DeviceHealth}, {@code POST /v1/devices/health}) for the
 *       owner's console, and a removed device sending up what it had not sent ({@code POST
 *       /v1/devices/held}), which also tells it whether to wipe itself.
 *   <li>5: the file lane ({@code /v1/files}: chunked, resumable, content-addressed uploads and
 *       downloads, {@link FileUpload}) and the {@code attachments} entity. An older device neither
 *       receives attachments nor may send them.
 *   <li>6: record history ({@link HistoryEntry}); {@code restore} mutations that bring a deleted
 *       record back; tombstones that carry the record's values; erased records ({@link
 *       Change#erased()}, {@link Erasure}). An older device may not send a restore, and receives a
 *       restored record as an ordinary live one.
 *   <li>7: presence on the realtime socket as batched diffs: a shop's arrivals, departures and
 *       switches of a short window come in one {@code {"type":"presence","event":"changes"}}
 *       message. An older device hears each of them as its own {@code online}, {@code offline} or
 *       {@code acting} message, as before.
 *   <li>8: a shop's own fields: the {@code customFields} entity ({@link
 *       com.repairsync.protocol.schema.CustomField}) and the {@code custom} member of tickets,
 *       customers and inventory items ({@link CustomValues}); and {@link ErrorCode#NOT_YET_KNOWN}
 *       for a change naming what a server older than the device does not know. An older device
 *       neither receives the entity or the member nor may send them.
 * </ul>
 */
public final class WireVersions {
    /** Request header: the protocol version the device speaks. */
    public static final String PROTOCOL_HEADER = "RepairSync-Protocol";
    /** Request header: the device's SDK version (for the owner's view of devices), free text. */
    public static final String SDK_HEADER = "RepairSync-SDK";
    /** Answer header: the versions the server serves, as {@code min-max}. */
    public static final String SUPPORTED_HEADER = "RepairSync-Protocol-Supported";

    /** The wire as it was before versions. */
    public static final int FIRST = 1;
    /** The version this code speaks. */
    public static final int CURRENT = 8;

    private static final int HIGHEST_READ = 9_999;

    private WireVersions() {}

    /**
     * The version a request's header names: {@link #FIRST} without one; empty if it is not a whole
     * number from 1 to 9999.
     */
    public static OptionalInt parse(String header) {
        if (header == null) {
            return OptionalInt.of(FIRST);
        }
        String text = header.strip();
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        int version = Integer.parseInt(text);
        return version >= FIRST && version <= HIGHEST_READ ? OptionalInt.of(version) : OptionalInt.empty();
    }

    /** A range of versions a server serves. */
    public record Range(int min, int max) {
        public Range {
            if (min < FIRST || max < min) {
                throw new IllegalArgumentException("not a version range: " + min + "-" + max);
            }
        }

        public boolean serves(int version) {
            return version >= min;
        }

        /** The wire form, {@code 1-2}. */
        @Override
        public String toString() {
            return min + "-" + max;
        }

        /** Reads the wire form; empty if it is not one. */
        public static java.util.Optional<Range> parse(String text) {
            if (text == null) {
                return java.util.Optional.empty();
            }
            String[] parts = text.strip().split("-", -1);
            if (parts.length != 2) {
                return java.util.Optional.empty();
            }
            OptionalInt min = WireVersions.parse(parts[0]);
            OptionalInt max = WireVersions.parse(parts[1]);
            if (min.isEmpty() || max.isEmpty() || max.getAsInt() < min.getAsInt()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Range(min.getAsInt(), max.getAsInt()));
        }
    }
}
