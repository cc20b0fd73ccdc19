package com.repairsync.server.erasure;

import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireInstant;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.files.FileBytes;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoredRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a customer for an admin ({@code POST /v1/records/customers/{id}/erase}): the customer's
 * personal values leave the record, the records naming it, their attachments' files, the history
 * and the held changes, in one write transaction ({@link Eraser}) whose records the erasure log
 * lists, forced to the disk before the commit ({@link ErasureLog}). After the commit the database
 * file is scrubbed of the old values (SQLite: its WAL checkpointed away) and the shop's devices are
 * told to pull, which erases their copies.
 */
public final class ErasureService {
    private static final Logger log = LoggerFactory.getLogger(ErasureService.class);

    private final Store store;
    private final Function<String, HlcClock> serverClock;
    private final Clock clock;
    private final FileBytes bytes;
    private final ErasureLog erasureLog;
    private final Committed listener;
    private final Runnable scrubFreedSpace;

    /** Told when an erasure committed and moved a shop's change sequence: its devices must pull. */
    @FunctionalInterface
    public interface Committed {
        void committed(String shopId, long fromCursor, long cursor, String serverHlc);
    }

    /**
     * @param serverClock the server's clock of a shop
     * @param bytes where the files' bytes live
     * @param scrubFreedSpace run after each erasure commits: makes overwritten values unreadable in
     *     the database's own files where the store can (SQLite's WAL checkpoint)
     */
    public ErasureService(
            Store store,
            Function<String, HlcClock> serverClock,
            Clock clock,
            FileBytes bytes,
            ErasureLog erasureLog,
            Committed listener,
            Runnable scrubFreedSpace) {
        this.store = store;
        this.serverClock = serverClock;
        this.clock = clock;
        this.bytes = bytes;
        this.erasureLog = erasureLog;
        this.listener = listener;
        this.scrubFreedSpace = scrubFreedSpace;
    }

    /**
     * The erasures of a server that starts: first applies its erasure log to the database (a restored
     * one is erased again, see {@link ErasureReplay}), then erases from now on.
     *
     * @param logFile the erasure log ({@code --erasure-log}; {@code erasures.log} in the data directory)
     * @param committed told of each erasure's commit, so the shop's devices pull
     */
    public static ErasureService start(
            Path logFile,
            Store store,
            Function<String, HlcClock> serverClock,
            Clock clock,
            FileBytes bytes,
            Committed committed) {
        ErasureLog erasureLog = new ErasureLog(logFile);
        Runnable scrubFreedSpace = FreedSpace.of(store);
        ErasureReplay.apply(erasureLog, store, serverClock, clock, bytes, scrubFreedSpace);
        return new ErasureService(store, serverClock, clock, bytes, erasureLog, committed, scrubFreedSpace);
    }

    /**
     * Erases a customer of the admin's shop. Erasing an erased customer again is harmless: it erases
     * only what was not erased yet (counts 0 when nothing).
     *
     * @param confirmed the admin confirmed their password moments ago on this device (a step-up)
     * @throws ApiException {@code forbidden} unless the signed-in employee is an admin, {@code
     *     reauthentication_required} (field {@code stepUp}) without the confirmation, {@code
     *     unknown_record} for a customer this shop does not have (another shop's too), {@code
     *     conflict} when it would change more records than one erasure may
     */
    public Erasure eraseCustomer(Principal principal, String customerId, boolean confirmed) {
        String shopId = principal.shopId();
        Instant now = clock.instant();
        long[] fromCursor = new long[1];
        Eraser.Result result = store.write(tx -> {
            if (AuthService.currentRole(tx, principal) != Role.ADMIN) {
                throw ApiException.forbidden("only an admin erases a customer");
            }
            if (!confirmed) {
                throw new ApiException(
                        ErrorCode.REAUTHENTICATION_REQUIRED,
                        403,
                        "stepUp",
                        "erasing a customer needs your password confirmed moments ago: send the token POST"
                                + " /v1/auth/step-up gave in stepUp",
                        null);
            }
            StoredRecord customer = tx.findRecord(ErasureCascade.SUBJECT, shopId, customerId)
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.UNKNOWN_RECORD, null, "this shop has no customer " + customerId));
            fromCursor[0] = tx.currentSeq(shopId);
            Eraser eraser = new Eraser(
                    tx, shopId, serverClock.apply(shopId), now, principal.employeeId(), principal.deviceId());
            Eraser.Result erased = eraser.erase(ErasureCascade.SUBJECT, customer);
            // Forced to the disk before the commit: a restore can always erase again what committed.
            erasureLog.append(erased.erased().stream()
                    .map(record -> new ErasureLog.Entry(
                            shopId, record.type().name(), record.recordId(), principal.employeeId(), now))
                    .toList());
            // Last: nothing after this can fail but the commit itself.
            erased.unusedFiles().forEach(hash -> bytes.deleteWithin(tx, shopId, hash));
            return erased;
        });
        afterCommit(shopId, fromCursor[0], result);
        log.info(
                "customer erased: shop={} customer={} by={} records={} files={}",
                shopId,
                customerId,
                principal.employeeId(),
                result.erased().size(),
                result.storedFiles());
        return new Erasure(
                ErasureCascade.SUBJECT.name(),
                customerId,
                principal.employeeId(),
                WireInstant.format(now),
                result.erased().size(),
                result.storedFiles());
    }

    /** Scrubs the database's files and tells the shop's devices, when the erasure changed records. */
    private void afterCommit(String shopId, long fromCursor, Eraser.Result result) {
        if (result.erased().isEmpty() && result.unusedFiles().isEmpty()) {
            return;
        }
        scrubFreedSpace.run();
        List<Eraser.Erased> erased = result.erased();
        if (!erased.isEmpty()) {
            long cursor = erased.get(erased.size() - 1).seq();
            // Each device pulls, and sees what its role may of the erased records.
            listener.committed(
                    shopId, fromCursor, cursor, serverClock.apply(shopId).now().toString());
        }
    }
}
