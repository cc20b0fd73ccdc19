package com.repairsync.server.store;

import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What the services do inside one transaction. */
public interface StoreTx {

    /** Fails unless the database answers; for health checks. */
    void ping();

    // Shops and the change sequence.

    void insertShop(String shopId, String name, Instant now);

    boolean shopExists(String shopId);

    /**
     * Takes the shop's next change sequence number. Only in write transactions; the number is
     * returned to the pool if the enclosing {@link #atomically} block fails.
     */
    long nextSeq(String shopId);

    /** The last sequence number committed (or taken in this transaction) for the shop. */
    long currentSeq(String shopId);

    /**
     * Runs work as one all-or-nothing step of the transaction: if it throws, everything it wrote
     * (and every sequence number it took) is undone and the exception propagates.
     */
    <T> T atomically(Supplier<T> work);

    // Entity records.

    Optional<StoredRecord> findRecord(EntityType type, String shopId, String recordId);

    /** The records of a shop with these ids that exist (deleted ones too), by id. */
    Map<String, StoredRecord> findRecords(EntityType type, String shopId, Collection<String> recordIds);

    void saveRecord(EntityType type, String shopId, StoredRecord record);

    /** The sequences of the rows {@link #changes} would read, without reading the rows. */
    List<Long> changeSeqs(EntityType type, String shopId, ChangeQuery query);

    /**
     * Rows of one entity changed after a sequence, in sequence order, as {@code viewer} may see them,
     * with every custom value (wire version 8).
     */
    default List<PulledRecord> changes(EntityType type, String shopId, ChangeQuery query, Role viewer) {
        return changes(type, shopId, query, viewer, CustomView.ALL);
    }

    /**
     * Rows of one entity changed after a sequence, in sequence order, as {@code viewer} may see them,
     * with the custom values {@code view} names (entities that take custom fields only).
     */
    List<PulledRecord> changes(EntityType type, String shopId, ChangeQuery query, Role viewer, CustomView view);

    /**
     * Every record of an entity of a shop, deleted ones too; for an entity with few records per
     * shop only (a shop's custom field declarations).
     */
    List<StoredRecord> allRecords(EntityType type, String shopId);

    // Employees, credentials and devices.

    Optional<EmployeeRow> findEmployee(String shopId, String employeeId);

    /** Employees of any shop with this e-mail address who have a password. */
    List<LoginCandidate> loginCandidates(String email);

    void savePasswordHash(String shopId, String employeeId, String passwordHash, Instant now);

    /**
     * Claims a sign-in e-mail (compared lower-cased) for an employee of a shop, unique across
     * shops; a concurrent claim of the same e-mail waits for this transaction.
     *
     * @return false if the e-mail is already claimed, and then nothing was written
     */
    boolean claimSignInEmail(String email, String shopId, String employeeId, Instant now);

    /** Whether this employee of this shop holds the sign-in e-mail (case-insensitive). */
    boolean holdsSignInEmail(String email, String shopId, String employeeId);

    Optional<DeviceRow> findDevice(String shopId, String deviceId);

    void insertDevice(DeviceRow device, Instant now);

    /** Records a new sign-in on a known device: its name, who signed it in, and when. */
    void touchDevice(String shopId, String deviceId, String name, String joinedBy, Instant now);

    /** The shop's devices, removed ones too, most recently seen first. */
    List<DeviceRow> devices(String shopId);

    /** Ends the device's sign-in (its access tokens are refused from now on). */
    void bumpDeviceGeneration(String shopId, String deviceId);

    /** Removes the device from the shop for good and ends its sign-in. */
    void revokeDevice(String shopId, String deviceId, String revokedBy, Instant now);

    /** Marks a device seen now (it reported its health or signed in). */
    void markDeviceSeen(String shopId, String deviceId, Instant now);

    // What devices report, and hourly analytics (the owner's console).

    /** Replaces the device's health report with this one. */
    void saveDeviceHealth(DeviceHealthRow health);

    /** The latest health report of each of the shop's devices that sent one. */
    List<DeviceHealthRow> deviceHealth(String shopId);

    /**
     * Adds these values to the shop's hourly counters ({@code add}), or replaces them with these
     * values (not {@code add}: gauges, such as the failed-queue length last reported in an hour).
     */
    void saveCounters(String shopId, List<CounterRow> counters, boolean add);

    /** The shop's counters of the hours from {@code fromHour} (inclusive) to {@code toHour} (exclusive). */
    List<CounterRow> counters(String shopId, Instant fromHour, Instant toHour);

    /** Deletes the shop's counters of hours before {@code hour}. */
    void deleteCountersBefore(String shopId, Instant hour);

    /** Marks a removed device to delete its data once it hears of its removal. */
    void requestWipe(String shopId, String deviceId);

    // Changes revoked devices sent up for review.

    /** Stores changes a revoked device held (ids it sent before are skipped); how many were new. */
    int holdChanges(String shopId, String deviceId, List<HeldChangeRow> changes);

    /** How many changes the device sent up, resolved ones too. */
    int heldCount(String shopId, String deviceId);

    /** How many changes each of the shop's devices sent up, by device id; devices that sent none are absent. */
    Map<String, Integer> heldCounts(String shopId);

    /** The changes the device sent up, in the order they came. */
    List<HeldChangeRow> heldChanges(String shopId, String deviceId);

    Optional<HeldChangeRow> findHeldChange(String shopId, String deviceId, String mutationId);

    /** Records how a waiting held change was resolved; a resolved one stays as it was. */
    void resolveHeldChange(
            String shopId, String deviceId, String mutationId, String resolution, String by, Instant now);

    // The file lane: the shops' files, and their bytes where the database holds them (PostgreSQL).

    Optional<FileRow> findFile(String shopId, String hash);

    /** Begins an upload (state uploading); false, changing nothing, if the shop has a row for the hash. */
    boolean insertUpload(FileRow upload);

    /** Marks an upload stored with what its bytes are; false if it was not uploading. */
    boolean markFileStored(String shopId, String hash, String contentType, Instant now);

    void deleteFile(String shopId, String hash);

    /** The bytes of the shop's stored files plus those its uploads in progress reserve. */
    long fileBytes(String shopId);

    int uploadsInProgress(String shopId);

    /** Uploads of the shop begun before {@code before} and never finished, oldest first, at most {@code limit}. */
    List<FileRow> staleUploads(String shopId, Instant before, int limit);

    /** Stores a chunk's bytes in the database (PostgreSQL), replacing an earlier copy. */
    void putFileChunk(String shopId, String hash, int index, byte[] data);

    Optional<byte[]> readFileChunk(String shopId, String hash, int index);

    /** The indexes of the chunks of the file the database holds, ascending. */
    List<Integer> fileChunkIndexes(String shopId, String hash);

    void deleteFileChunks(String shopId, String hash);

    /** The employee's password hash, if they have one. */
    Optional<String> passwordHash(String shopId, String employeeId);

    /** The employee's session generation (0 before any ended), if they have a password. */
    java.util.OptionalLong sessionGeneration(String shopId, String employeeId);

    /** Ends every sign-in of the employee (their access tokens are refused from now on). */
    void bumpSessionGeneration(String shopId, String employeeId);

    // Refresh tokens.

    void insertRefreshToken(RefreshTokenRow token, Instant issuedAt);

    Optional<RefreshTokenRow> findRefreshToken(String tokenHash);

    /** Spends a token (keeping the time of its first use) and links it to its successor. */
    void markRefreshTokenUsed(String tokenHash, Instant now, String replacedBy);

    /** Revokes one token, saying why (see {@link RefreshTokenRow#revokedReason}). */
    void revokeRefreshToken(String tokenHash, Instant now, String reason);

    /** Notes that a spent token came back within the grace and was rotated again. */
    void markRefreshTokenReplayed(String tokenHash, Instant now, String replacedBy);

    /** Revokes every live refresh token of a device. */
    void revokeRefreshTokensOfDevice(String shopId, String deviceId, Instant now);

    void revokeRefreshFamily(String familyId, Instant now);

    /** Revokes every live refresh token of an employee except those of one device (null: none spared). */
    void revokeRefreshTokensOf(String shopId, String employeeId, String exceptDeviceId, Instant now);

    // Record history.

    /** Stores history rows (of changes made in this transaction), in the shops they name. */
    void insertHistory(List<HistoryRow> rows);

    // Erasure.

    /** What erasing a customer reads and rewrites in this (write) transaction. */
    ErasureRecords erasures();

    /** Reading and pruning the shops' record history. */
    RecordHistory history();

    // Applied mutations.

    /** The first results of those of a device's mutation ids that were seen before, by mutation id. */
    Map<String, PushResult> findMutationResults(String shopId, String deviceId, Collection<String> mutationIds);

    /** Stores the first results of a device's mutations (ids not seen before). */
    void saveMutationResults(String shopId, String deviceId, List<PushResult> results, Instant now);
}
