package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.AttachmentStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An attachment as the command line shows it: the record's fields plus where its file stands
 * ({@code status}: state, percent, reason, whether the file is held here), and the table rows of
 * {@code attachment list}.
 */
final class AttachmentViews {
    static final List<String> HEADERS =
            List.of("ID", "KIND", "CAPTION", "FILE", "SIZE", "TYPE", "STATUS", "ADDED BY", "ADDED AT");

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private AttachmentViews() {}

    /** The record's fields, {@code addedByName}, and {@code status} of its file. */
    static ObjectNode of(RepairSyncDevice device, Attachment attachment) {
        ObjectNode view = RecordView.of(attachment);
        view.put("addedByName", Employees.describe(device, attachment.addedBy()));
        AttachmentStatus status = device.attachments().status(attachment.id());
        view.putObject("status")
                .put("state", state(status))
                .put("percent", status.percent())
                .put("reason", status.reason())
                .put("downloaded", status.downloaded())
                .put("text", text(status));
        return view;
    }

    /** The state in lower case words: pending, uploading, synced, failed. */
    static String state(AttachmentStatus status) {
        return switch (status.state()) {
            case PENDING_UPLOAD -> "pending";
            case UPLOADING -> "uploading";
            case SYNCED -> "synced";
            case FAILED -> "failed";
        };
    }

    /** pending, uploading 40%, synced, failed: REASON. */
    static String text(AttachmentStatus status) {
        return switch (status.state()) {
            case PENDING_UPLOAD -> "pending";
            case UPLOADING -> "uploading " + status.percent() + "%";
            case SYNCED -> "synced";
            case FAILED -> "failed: " + (status.reason() == null ? "unknown reason" : status.reason());
        };
    }

    /** A table row of {@code attachment list}, in the order of {@link #HEADERS}. */
    static List<String> row(ObjectNode view) {
        List<String> row = new ArrayList<>();
        row.add(RecordView.text(view, "id"));
        row.add(RecordView.text(view, "kind"));
        row.add(RecordView.text(view, "caption"));
        row.add(RecordView.text(view, "fileName"));
        JsonNode size = view.get("size");
        row.add(size == null || size.isNull() ? "" : size(size.asLong()));
        row.add(RecordView.text(view, "contentType"));
        row.add(view.path("status").path("text").asText(""));
        row.add(RecordView.text(view, "addedByName"));
        row.add(localTime(RecordView.text(view, "addedAt")));
        return row;
    }

    /** "photo front.jpg (12.3 KB, image/jpeg)", for notes. */
    static String describe(ObjectNode view) {
        String name = RecordView.text(view, "fileName");
        return RecordView.text(view, "kind") + (name.isEmpty() ? "" : " " + name) + " ("
                + size(view.path("size").asLong()) + ", " + RecordView.text(view, "contentType") + ")";
    }

    /** A size for people: 812 B, 12.3 KB, 4.0 MB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** An ISO instant as local time to the minute; anything else as it is. */
    static String localTime(String instant) {
        try {
            return LOCAL_TIME.format(Instant.parse(instant).atZone(ZoneId.systemDefault()));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }
}
