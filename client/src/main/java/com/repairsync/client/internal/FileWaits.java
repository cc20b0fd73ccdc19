package com.repairsync.client.internal;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records that wait in the outbox for their file: an attachment's create is pushed only once the
 * server holds its bytes (and its thumbnail's), since the server applies no record naming a file
 * it lacks. Waiting holds up only that record's own later changes.
 */
final class FileWaits {
    private FileWaits() {}

    /**
     * Makes the record's queued changes wait for the first of the files its values name that is not
     * uploaded yet; returns that file, if any.
     */
    static Optional<String> hold(LocalDatabase.Tx tx, EntityType type, String recordId, Map<String, Object> values)
            throws SQLException {
        for (FieldSpec field : type.fields()) {
            if (field.type() != FieldType.FILE || !(values.get(field.name()) instanceof String hash)) {
                continue;
            }
            Optional<LocalFiles.Row> file = LocalFiles.find(tx, hash);
            if (file.isPresent() && "pending".equals(file.get().upload())) {
                tx.update(
                        "UPDATE outbox SET waits_for_file = ? WHERE entity = ? AND record_id = ? AND state = 'pending'",
                        hash,
                        type.name(),
                        recordId);
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    /**
     * The server said a record names a file it lacks: if this device holds the file, the change
     * waits for the upload again and the upload goes again (a refused one too: a person retried the
     * change from the failed queue); else false.
     */
    static boolean waitAgain(LocalDatabase.Tx tx, String mutationId, String hash) throws SQLException {
        Optional<LocalFiles.Row> file = LocalFiles.find(tx, hash);
        if (file.isEmpty() || !file.get().stored()) {
            return false;
        }
        tx.update(
                "UPDATE files SET upload = 'pending', uploaded_bytes = 0, next_upload_at = NULL, error_code = NULL,"
                        + " error_message = NULL WHERE hash = ?",
                hash);
        tx.update("UPDATE outbox SET waits_for_file = ? WHERE mutation_id = ?", hash, mutationId);
        return true;
    }

    /** The mutation ids that wait for a file now. */
    static List<String> waiting(LocalDatabase.Tx tx) throws SQLException {
        return tx.query("SELECT mutation_id FROM outbox WHERE waits_for_file IS NOT NULL", row -> row.getString(1));
    }

    /**
     * The server refused the file for good: the records waiting for it fail with the same reason,
     * into the failed queue, where a person sees them.
     */
    static int fail(LocalDatabase.Tx tx, String hash, String code, String message, Instant now) throws SQLException {
        record Waiting(String mutationId, String entity, String recordId) {}
        List<Waiting> waiting = tx.query(
                "SELECT mutation_id, entity, record_id FROM outbox WHERE waits_for_file = ?",
                row -> new Waiting(row.getString(1), row.getString(2), row.getString(3)),
                hash);
        for (Waiting entry : waiting) {
            tx.update("UPDATE outbox SET waits_for_file = NULL WHERE mutation_id = ?", entry.mutationId());
            Outbox.markFailed(tx, entry.mutationId(), code, "the file was refused: " + message, "fileHash", now);
            Records.rebase(tx, entry.entity(), entry.recordId(), now);
        }
        return waiting.size();
    }
}
