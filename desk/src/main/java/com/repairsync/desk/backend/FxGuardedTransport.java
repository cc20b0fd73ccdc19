package com.repairsync.desk.backend;

import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;

/**
 * A transport that refuses every network call made on the JavaFX thread, then delegates; every
 * call of {@link SyncTransport} is here (its file lane too: a default method left out would
 * silently refuse uploads), so the desk's device reports its health, confirms passwords and
 * uploads attachments like any other ({@code FxGuardTest} checks every method is forwarded).
 */
final class FxGuardedTransport implements SyncTransport {
    private final SyncTransport delegate;

    FxGuardedTransport(SyncTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        FxGuard.requireOffFxThread("login");
        return delegate.login(email, password, deviceName, deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        FxGuard.requireOffFxThread("refresh");
        return delegate.refresh(refreshToken);
    }

    @Override
    public void logout(String refreshToken) {
        FxGuard.requireOffFxThread("logout");
        delegate.logout(refreshToken);
    }

    @Override
    public PushResponse push(PushRequest request) {
        FxGuard.requireOffFxThread("push");
        return delegate.push(request);
    }

    @Override
    public PullResponse pull(PullQuery query) {
        FxGuard.requireOffFxThread("pull");
        return delegate.pull(query);
    }

    @Override
    public PullResponse pullPages(PullQuery query, int pages, java.util.function.Consumer<PullResponse> store) {
        FxGuard.requireOffFxThread("pullPages");
        return delegate.pullPages(query, pages, store);
    }

    @Override
    public com.repairsync.protocol.FileUpload beginUpload(String hash, long size) {
        FxGuard.requireOffFxThread("beginUpload");
        return delegate.beginUpload(hash, size);
    }

    @Override
    public com.repairsync.protocol.FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        FxGuard.requireOffFxThread("uploadChunk");
        return delegate.uploadChunk(hash, index, bytes, chunkSha256);
    }

    @Override
    public <T> T download(String hash, long from, FileReader<T> reader) {
        FxGuard.requireOffFxThread("download");
        return delegate.download(hash, from, reader);
    }

    @Override
    public void setPassword(String employeeId, String password) {
        FxGuard.requireOffFxThread("setPassword");
        delegate.setPassword(employeeId, password);
    }

    @Override
    public java.util.OptionalInt serverProtocol() {
        FxGuard.requireOffFxThread("serverProtocol"); // the sync worker asks it, never the UI
        return delegate.serverProtocol();
    }

    @Override
    public void reportHealth(com.repairsync.protocol.DeviceHealth report) {
        FxGuard.requireOffFxThread("reportHealth");
        delegate.reportHealth(report);
    }

    @Override
    public StepUp stepUp(String employeeId, String password) {
        FxGuard.requireOffFxThread("stepUp");
        return delegate.stepUp(employeeId, password);
    }

    @Override
    public java.util.List<com.repairsync.client.ShopDevice> devices() {
        FxGuard.requireOffFxThread("devices");
        return delegate.devices();
    }

    @Override
    public com.repairsync.client.ShopDevice revokeDevice(String deviceId, boolean wipe) {
        FxGuard.requireOffFxThread("revokeDevice");
        return delegate.revokeDevice(deviceId, wipe);
    }

    @Override
    public Surrendered surrenderHeld(String refreshToken, java.util.List<com.repairsync.protocol.Mutation> mutations) {
        FxGuard.requireOffFxThread("surrenderHeld");
        return delegate.surrenderHeld(refreshToken, mutations);
    }

    @Override
    public com.repairsync.protocol.HistoryPage history(String entity, String id, Long before, int limit) {
        FxGuard.requireOffFxThread("history");
        return delegate.history(entity, id, before, limit);
    }

    @Override
    public com.repairsync.protocol.HistoryPage audit(com.repairsync.client.AuditQuery query) {
        FxGuard.requireOffFxThread("audit");
        return delegate.audit(query);
    }

    @Override
    public com.repairsync.protocol.HistoryFeed historyFeed(long after, int limit) {
        FxGuard.requireOffFxThread("historyFeed");
        return delegate.historyFeed(after, limit);
    }

    @Override
    public com.repairsync.protocol.Erasure eraseCustomer(String id, String stepUpToken) {
        FxGuard.requireOffFxThread("eraseCustomer");
        return delegate.eraseCustomer(id, stepUpToken);
    }

    @Override
    public void health() {
        FxGuard.requireOffFxThread("health");
        delegate.health();
    }

    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        FxGuard.requireOffFxThread("openRealtime");
        return delegate.openRealtime(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
