package com.repairsync.client.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.DeviceFileLane;
import com.repairsync.protocol.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Photos, signatures and documents of tickets and customers. Attach them through {@link
 * Tickets#attach} or {@link Customers#attach}; here they are listed, opened and followed. Lists
 * are ordered newest first.
 */
public final class Attachments extends Repository<Attachment, NewAttachment, AttachmentChanges> {
    /** The kinds of attachment. */
    public static final String PHOTO = "photo";

    public static final String SIGNATURE = "signature";
    public static final String DOCUMENT = "document";

    Attachments(DeviceCore core) {
        super(core, Schema.ATTACHMENTS, Attachment.class, AttachmentChanges::new);
    }

    /** Every attachment of the ticket, newest first. */
    public List<Attachment> ofTicket(String ticketId) {
        return list(Where.equal("ticketId", ticketId), newestFirst(), ALL);
    }

    /** Every attachment of the customer (not those of their tickets), newest first. */
    public List<Attachment> ofCustomer(String customerId) {
        return list(Where.equal("customerId", customerId), newestFirst(), ALL);
    }

    /**
     * How the attachment stands: waiting to upload, uploading (and how far), synced, or failed
     * with the reason.
     *
     * @throws RecordNotFoundException if the attachment is not on this device
     */
    public AttachmentStatus status(String id) {
        ObjectNode view = view(id);
        DeviceFileLane.FileState file = core().files().state(view);
        SyncStatus record = core().status(Schema.ATTACHMENTS.name(), id);
        long size = Math.max(1, view.path("size").asLong(1));
        int percent = (int) Math.min(100, file.uploadedBytes() * 100 / size);
        if ("failed".equals(file.upload())) {
            return new AttachmentStatus(
                    AttachmentStatus.State.FAILED, percent, file.errorMessage(), file.held(), file.thumbnailHeld());
        }
        if (record == SyncStatus.FAILED) {
            return new AttachmentStatus(
                    AttachmentStatus.State.FAILED,
                    percent,
                    "the server refused the attachment: see the failed queue",
                    file.held(),
                    file.thumbnailHeld());
        }
        if ("pending".equals(file.upload())) {
            AttachmentStatus.State state = file.uploadingNow() || file.uploadedBytes() > 0
                    ? AttachmentStatus.State.UPLOADING
                    : AttachmentStatus.State.PENDING_UPLOAD;
            return new AttachmentStatus(state, percent, file.errorMessage(), file.held(), file.thumbnailHeld());
        }
        AttachmentStatus.State state =
                record == SyncStatus.SYNCED ? AttachmentStatus.State.SYNCED : AttachmentStatus.State.UPLOADING;
        return new AttachmentStatus(state, 100, null, file.held(), file.thumbnailHeld());
    }

    /** The attachment's thumbnail (a JPEG of at most 50 KB), if it has one and it is held here. */
    public Optional<byte[]> thumbnail(String id) {
        String hash = view(id).path("thumbnailHash").asText(null);
        return hash == null ? Optional.empty() : core().files().thumbnail(hash);
    }

    /**
     * The attachment's file, downloaded first if it is not held here (this call then waits for it).
     * Close the stream when done.
     *
     * @throws com.repairsync.client.transport.OfflineException if it is not held here and the server cannot be reached
     */
    public InputStream open(String id) {
        ObjectNode view = view(id);
        return core().files()
                .open(
                        view.path("fileHash").asText(),
                        view.path("size").asLong(-1),
                        view.path("contentType").asText());
    }

    /** Writes the attachment's file to {@code target} (replacing it), downloading it first if needed. */
    public void saveTo(String id, Path target) {
        try (InputStream in = open(id)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode view(String id) {
        return core().view(Schema.ATTACHMENTS, id)
                .orElseThrow(() -> new RecordNotFoundException(Schema.ATTACHMENTS.name(), id));
    }

    private static String newestFirst() {
        return field("addedAt") + " DESC";
    }
}
