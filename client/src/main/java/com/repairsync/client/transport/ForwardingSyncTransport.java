package com.repairsync.client.transport;

import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;

/**
 * A transport that passes every call to another one; extend it and override the calls to watch
 * or change (timing, counting, injected faults). {@link #pullPages} is the one call not passed on:
 * it runs the interface's page-by-page default over this transport's {@link #pull}, so an override
 * of {@code pull} sees every page. Override {@code pullPages} too to keep the delegate's stream.
 */
public abstract class ForwardingSyncTransport implements SyncTransport {
    private final SyncTransport delegate;

    protected ForwardingSyncTransport(SyncTransport delegate) {
        this.delegate = delegate;
    }

    /** The transport calls go to. */
    protected final SyncTransport delegate() {
        return delegate;
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        return delegate.login(email, password, deviceName, deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        return delegate.refresh(refreshToken);
    }

    @Override
    public PushResponse push(PushRequest request) {
        return delegate.push(request);
    }

    @Override
    public PullResponse pull(PullQuery query) {
        return delegate.pull(query);
    }

    @Override
    public void logout(String refreshToken) {
        delegate.logout(refreshToken);
    }

    @Override
    public void setPassword(String employeeId, String password) {
        delegate.setPassword(employeeId, password);
    }

    @Override
    public StepUp stepUp(String employeeId, String password) {
        return delegate.stepUp(employeeId, password);
    }

    @Override
    public java.util.List<com.repairsync.client.ShopDevice> devices() {
        return delegate.devices();
    }

    @Override
    public void reportHealth(com.repairsync.protocol.DeviceHealth report) {
        delegate.reportHealth(report);
    }

    @Override
    public com.repairsync.client.ShopDevice revokeDevice(String deviceId) {
        return delegate.revokeDevice(deviceId);
    }

    @Override
    public com.repairsync.client.ShopDevice revokeDevice(String deviceId, boolean wipe) {
        return delegate.revokeDevice(deviceId, wipe);
    }

    @Override
    public Surrendered surrenderHeld(String refreshToken, java.util.List<com.repairsync.protocol.Mutation> mutations) {
        return delegate.surrenderHeld(refreshToken, mutations);
    }

    @Override
    public com.repairsync.protocol.FileUpload beginUpload(String hash, long size) {
        return delegate.beginUpload(hash, size);
    }

    @Override
    public com.repairsync.protocol.FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        return delegate.uploadChunk(hash, index, bytes, chunkSha256);
    }

    @Override
    public <T> T download(String hash, long from, FileReader<T> reader) {
        return delegate.download(hash, from, reader);
    }

    @Override
    public com.repairsync.protocol.HistoryPage history(String entity, String id, Long before, int limit) {
        return delegate.history(entity, id, before, limit);
    }

    @Override
    public com.repairsync.protocol.HistoryPage audit(com.repairsync.client.AuditQuery query) {
        return delegate.audit(query);
    }

    @Override
    public com.repairsync.protocol.HistoryFeed historyFeed(long after, int limit) {
        return delegate.historyFeed(after, limit);
    }

    @Override
    public com.repairsync.protocol.Erasure eraseCustomer(String id, String stepUpToken) {
        return delegate.eraseCustomer(id, stepUpToken);
    }

    @Override
    public java.util.OptionalInt serverProtocol() {
        return delegate.serverProtocol();
    }

    @Override
    public void health() {
        delegate.health();
    }

    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        return delegate.openRealtime(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
