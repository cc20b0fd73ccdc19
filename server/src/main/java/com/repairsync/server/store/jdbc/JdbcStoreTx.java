package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.ErasureRecords;
import com.repairsync.server.store.FileRow;
import com.repairsync.server.store.HeldChangeRow;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.PulledRecord;
import com.repairsync.server.store.RecordHistory;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One JDBC transaction, as the {@link StoreTx} the services use: each kind of row has its own
 * reader and writer, all on the one {@link JdbcTransaction}.
 */
final class JdbcStoreTx implements StoreTx {
    private final JdbcTransaction tx;
    private final RecordRows records;
    private final AccountRows accounts;
    private final DeviceRows devices;
    private final RefreshTokenRows refreshTokens;
    private final MutationResultRows mutationResults;
    private final ConsoleRows console;
    private final HeldChangeRows held;
    private final FileRows files;
    private final HistoryRows history;
    private final ErasureRows erasures;

    JdbcStoreTx(
            Connection connection,
            Dialect dialect,
            Map<EntityType, RecordTable> tables,
            boolean writable,
            ConnectionStatements.Cache statements,
            boolean statementsEndWithTransaction) {
        PendingRecordWrites pending = new PendingRecordWrites(tables);
        this.tx = new JdbcTransaction(connection, dialect, pending, writable, statements, statementsEndWithTransaction);
        this.records = new RecordRows(tx, tables, pending);
        this.accounts = new AccountRows(tx);
        this.devices = new DeviceRows(tx);
        this.refreshTokens = new RefreshTokenRows(tx);
        this.mutationResults = new MutationResultRows(tx);
        this.console = new ConsoleRows(tx);
        this.held = new HeldChangeRows(tx);
        this.files = new FileRows(tx);
        this.history = new HistoryRows(tx);
        this.erasures = new ErasureRows(tx);
    }

    /** Writes the sequence numbers and record writes of this transaction, just before commit. */
    void flush() {
        tx.flush();
    }

    /** Closes the statements prepared in this transaction, unless they are kept for the connection. */
    void closeStatements() {
        tx.closeStatements();
    }

    @Override
    public void insertHistory(List<HistoryRow> rows) {
        history.insertHistory(rows);
    }

    @Override
    public RecordHistory history() {
        return history;
    }

    @Override
    public ErasureRecords erasures() {
        return erasures;
    }

    @Override
    public void ping() {
        tx.ping();
    }

    @Override
    public void insertShop(String shopId, String name, Instant now) {
        tx.insertShop(shopId, name, now);
    }

    @Override
    public boolean shopExists(String shopId) {
        return tx.shopExists(shopId);
    }

    @Override
    public long nextSeq(String shopId) {
        return tx.nextSeq(shopId);
    }

    @Override
    public long currentSeq(String shopId) {
        return tx.currentSeq(shopId);
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return tx.atomically(work);
    }

    @Override
    public Optional<StoredRecord> findRecord(EntityType type, String shopId, String recordId) {
        return records.findRecord(type, shopId, recordId);
    }

    @Override
    public Map<String, StoredRecord> findRecords(EntityType type, String shopId, Collection<String> recordIds) {
        return records.findRecords(type, shopId, recordIds);
    }

    @Override
    public void saveRecord(EntityType type, String shopId, StoredRecord record) {
        records.saveRecord(type, shopId, record);
    }

    @Override
    public List<Long> changeSeqs(EntityType type, String shopId, ChangeQuery query) {
        return records.changeSeqs(type, shopId, query);
    }

    @Override
    public List<PulledRecord> changes(EntityType type, String shopId, ChangeQuery query, Role viewer, CustomView view) {
        return records.changes(type, shopId, query, viewer, view);
    }

    @Override
    public List<StoredRecord> allRecords(EntityType type, String shopId) {
        return records.allRecords(type, shopId);
    }

    @Override
    public Optional<EmployeeRow> findEmployee(String shopId, String employeeId) {
        return accounts.findEmployee(shopId, employeeId);
    }

    @Override
    public List<LoginCandidate> loginCandidates(String email) {
        return accounts.loginCandidates(email);
    }

    @Override
    public boolean claimSignInEmail(String email, String shopId, String employeeId, Instant now) {
        return accounts.claimSignInEmail(email, shopId, employeeId, now);
    }

    @Override
    public boolean holdsSignInEmail(String email, String shopId, String employeeId) {
        return accounts.holdsSignInEmail(email, shopId, employeeId);
    }

    @Override
    public void savePasswordHash(String shopId, String employeeId, String passwordHash, Instant now) {
        accounts.savePasswordHash(shopId, employeeId, passwordHash, now);
    }

    @Override
    public Optional<DeviceRow> findDevice(String shopId, String deviceId) {
        return devices.findDevice(shopId, deviceId);
    }

    @Override
    public List<DeviceRow> devices(String shopId) {
        return devices.devices(shopId);
    }

    @Override
    public void insertDevice(DeviceRow device, Instant now) {
        devices.insertDevice(device, now);
    }

    @Override
    public void touchDevice(String shopId, String deviceId, String name, String joinedBy, Instant now) {
        devices.touchDevice(shopId, deviceId, name, joinedBy, now);
    }

    @Override
    public void bumpDeviceGeneration(String shopId, String deviceId) {
        devices.bumpDeviceGeneration(shopId, deviceId);
    }

    @Override
    public void revokeDevice(String shopId, String deviceId, String revokedBy, Instant now) {
        devices.revokeDevice(shopId, deviceId, revokedBy, now);
    }

    @Override
    public Optional<String> passwordHash(String shopId, String employeeId) {
        return accounts.passwordHash(shopId, employeeId);
    }

    @Override
    public java.util.OptionalLong sessionGeneration(String shopId, String employeeId) {
        return accounts.sessionGeneration(shopId, employeeId);
    }

    @Override
    public void bumpSessionGeneration(String shopId, String employeeId) {
        accounts.bumpSessionGeneration(shopId, employeeId);
    }

    @Override
    public void insertRefreshToken(RefreshTokenRow token, Instant issuedAt) {
        refreshTokens.insertRefreshToken(token, issuedAt);
    }

    @Override
    public Optional<RefreshTokenRow> findRefreshToken(String tokenHash) {
        return refreshTokens.findRefreshToken(tokenHash);
    }

    @Override
    public void markRefreshTokenUsed(String tokenHash, Instant now, String replacedBy) {
        refreshTokens.markRefreshTokenUsed(tokenHash, now, replacedBy);
    }

    @Override
    public void revokeRefreshToken(String tokenHash, Instant now, String reason) {
        refreshTokens.revokeRefreshToken(tokenHash, now, reason);
    }

    @Override
    public void markRefreshTokenReplayed(String tokenHash, Instant now, String replacedBy) {
        refreshTokens.markRefreshTokenReplayed(tokenHash, now, replacedBy);
    }

    @Override
    public void revokeRefreshTokensOfDevice(String shopId, String deviceId, Instant now) {
        refreshTokens.revokeRefreshTokensOfDevice(shopId, deviceId, now);
    }

    @Override
    public void revokeRefreshFamily(String familyId, Instant now) {
        refreshTokens.revokeRefreshFamily(familyId, now);
    }

    @Override
    public void revokeRefreshTokensOf(String shopId, String employeeId, String exceptDeviceId, Instant now) {
        refreshTokens.revokeRefreshTokensOf(shopId, employeeId, exceptDeviceId, now);
    }

    @Override
    public Map<String, PushResult> findMutationResults(String shopId, String deviceId, Collection<String> mutationIds) {
        return mutationResults.findMutationResults(shopId, deviceId, mutationIds);
    }

    @Override
    public void saveMutationResults(String shopId, String deviceId, List<PushResult> results, Instant now) {
        mutationResults.saveMutationResults(shopId, deviceId, results, now);
    }

    @Override
    public void markDeviceSeen(String shopId, String deviceId, Instant now) {
        console.markDeviceSeen(shopId, deviceId, now);
    }

    @Override
    public void saveDeviceHealth(DeviceHealthRow health) {
        console.saveDeviceHealth(health);
    }

    @Override
    public List<DeviceHealthRow> deviceHealth(String shopId) {
        return console.deviceHealth(shopId);
    }

    @Override
    public void saveCounters(String shopId, List<CounterRow> counters, boolean add) {
        console.saveCounters(shopId, counters, add);
    }

    @Override
    public List<CounterRow> counters(String shopId, Instant fromHour, Instant toHour) {
        return console.counters(shopId, fromHour, toHour);
    }

    @Override
    public void deleteCountersBefore(String shopId, Instant hour) {
        console.deleteCountersBefore(shopId, hour);
    }

    @Override
    public void requestWipe(String shopId, String deviceId) {
        devices.requestWipe(shopId, deviceId);
    }

    @Override
    public int holdChanges(String shopId, String deviceId, List<HeldChangeRow> changes) {
        return held.hold(shopId, deviceId, changes);
    }

    @Override
    public int heldCount(String shopId, String deviceId) {
        return held.count(shopId, deviceId);
    }

    @Override
    public Map<String, Integer> heldCounts(String shopId) {
        return held.counts(shopId);
    }

    @Override
    public List<HeldChangeRow> heldChanges(String shopId, String deviceId) {
        return held.list(shopId, deviceId);
    }

    @Override
    public Optional<HeldChangeRow> findHeldChange(String shopId, String deviceId, String mutationId) {
        return held.find(shopId, deviceId, mutationId);
    }

    @Override
    public void resolveHeldChange(
            String shopId, String deviceId, String mutationId, String resolution, String by, Instant now) {
        held.resolve(shopId, deviceId, mutationId, resolution, by, now);
    }

    @Override
    public Optional<FileRow> findFile(String shopId, String hash) {
        return files.find(shopId, hash);
    }

    @Override
    public boolean insertUpload(FileRow upload) {
        return files.insertUpload(upload);
    }

    @Override
    public boolean markFileStored(String shopId, String hash, String contentType, Instant now) {
        return files.markStored(shopId, hash, contentType, now);
    }

    @Override
    public void deleteFile(String shopId, String hash) {
        files.delete(shopId, hash);
    }

    @Override
    public long fileBytes(String shopId) {
        return files.totalBytes(shopId);
    }

    @Override
    public int uploadsInProgress(String shopId) {
        return files.uploadsInProgress(shopId);
    }

    @Override
    public List<FileRow> staleUploads(String shopId, Instant before, int limit) {
        return files.staleUploads(shopId, before, limit);
    }

    @Override
    public void putFileChunk(String shopId, String hash, int index, byte[] data) {
        files.putChunk(shopId, hash, index, data);
    }

    @Override
    public Optional<byte[]> readFileChunk(String shopId, String hash, int index) {
        return files.readChunk(shopId, hash, index);
    }

    @Override
    public List<Integer> fileChunkIndexes(String shopId, String hash) {
        return files.chunkIndexes(shopId, hash);
    }

    @Override
    public void deleteFileChunks(String shopId, String hash) {
        files.deleteChunks(shopId, hash);
    }
}
