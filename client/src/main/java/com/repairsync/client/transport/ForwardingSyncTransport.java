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
    public PushResponse push(String accessToken, PushRequest request) {
        return delegate.push(accessToken, request);
    }

    @Override
    public PullResponse pull(String accessToken, PullQuery query) {
        return delegate.pull(accessToken, query);
    }

    @Override
    public void logout(String refreshToken) {
        delegate.logout(refreshToken);
    }

    @Override
    public void setPassword(String accessToken, String employeeId, String password) {
        delegate.setPassword(accessToken, employeeId, password);
    }

    @Override
    public StepUp stepUp(String accessToken, String employeeId, String password) {
        return delegate.stepUp(accessToken, employeeId, password);
    }

    @Override
    public java.util.List<com.repairsync.client.ShopDevice> devices(String accessToken) {
        return delegate.devices(accessToken);
    }

    @Override
    public com.repairsync.client.ShopDevice revokeDevice(String accessToken, String deviceId) {
        return delegate.revokeDevice(accessToken, deviceId);
    }

    @Override
    public void health() {
        delegate.health();
    }

    @Override
    public RealtimeConnection openRealtime(String accessToken, RealtimeListener listener) {
        return delegate.openRealtime(accessToken, listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
