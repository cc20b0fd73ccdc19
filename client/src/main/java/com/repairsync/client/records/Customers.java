package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.schema.Schema;
import java.util.List;

/** The shop's customers. */
public final class Customers extends Repository<Customer, NewCustomer, CustomerChanges> {
    /** The device index search lists by (declared in {@link Schema#CUSTOMERS}). */
    private static final String BY_FIRST_NAME = "byFirstName";

    Customers(DeviceCore core) {
        super(core, Schema.CUSTOMERS, Customer.class, CustomerChanges::new);
    }

    /**
     * Every customer matching the typed text, by first name (ignoring case): each word typed must
     * begin a word of their first or last name or e-mail, or be a run of their phone's digits ("555-01" and
     * "55501" are the same run). Text without a letter or digit matches everyone.
     */
    public List<Customer> search(String text) {
        return searchIndexed(BY_FIRST_NAME, text, ALL);
    }

    /**
     * The first {@code limit} customers matching the typed text (as {@link #search(String)}), by
     * first name: fast on every keystroke of a big shop (a full-text index finds the matches).
     */
    public List<Customer> search(String text, int limit) {
        return searchIndexed(BY_FIRST_NAME, text, positive(limit));
    }

    /**
     * Erases a customer (a person's right to be forgotten): the server removes their personal
     * values from the customer, their tickets', appointments' and attachments' personal fields
     * (tickets keep their money figures), the shop's history and their files; every device erases
     * its copy when it next syncs, this one too, and no queued edit brings the values back. The
     * audit keeps that the erasure happened, by whom and when. Online only. Erasing an erased
     * customer again does nothing (counts 0). The acting admin confirms their password first
     * ({@link com.repairsync.client.RepairSyncDevice#confirmPassword(String)}).
     *
     * @return what was erased: how many records and files
     * @throws com.repairsync.client.PermissionDeniedException unless the acting employee and the one
     *     who signed this device in are admins
     * @throws com.repairsync.client.ReauthenticationRequiredException unless the acting admin
     *     confirmed their password moments ago
     * @throws com.repairsync.client.RecordNotFoundException if the shop has no such customer
     * @throws com.repairsync.client.transport.OfflineException if the server cannot be reached
     */
    public Erasure erase(String id) {
        return core().server().eraseCustomer(id);
    }

    /**
     * Attaches a file (a photo, a signature, a document) to the customer: its bytes and the
     * attachment are stored here in one transaction, offline too; the file uploads in its own lane
     * (resumable, never delaying other changes) and the attachment syncs once the server holds it.
     * The type is read from the bytes: JPEG, PNG, HEIC, WebP or PDF; photos get a thumbnail.
     *
     * @param kind {@link Attachments#PHOTO}, {@link Attachments#SIGNATURE} or {@link Attachments#DOCUMENT}
     * @param caption null for none
     * @return the attachment's id
     * @throws com.repairsync.client.InvalidRecordException naming "file" if it is empty or of another type
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public String attach(String customerId, java.nio.file.Path file, String kind, String caption) {
        return attachFile("customerId", customerId, file, kind, caption);
    }

    /** {@link #attach(String, java.nio.file.Path, String, String)} from a stream, read to its end (not closed). */
    public String attach(String customerId, java.io.InputStream bytes, String fileName, String kind, String caption) {
        return core().attach("customerId", customerId, bytes, fileName, kind, caption);
    }
}
