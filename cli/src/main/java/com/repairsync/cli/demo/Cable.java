package com.repairsync.cli.demo;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A device's network cable, for the demo: while unplugged every request fails as the network would
 * (connection refused) and open realtime sockets drop; plugged back in, the device finds the
 * server again by itself.
 */
final class Cable implements SyncTransport {
    private final List<RealtimeConnection> sockets = new CopyOnWriteArrayList<>();
    private volatile SyncTransport wire;
    private volatile boolean plugged = true;

    /** Plugs this cable into {@code wire}, the transport the device made with its tokens; returns the cable. */
    Cable connect(SyncTransport wire) {
        this.wire = wire;
        return this;
    }

    void unplug() {
        plugged = false;
        sockets.forEach(RealtimeConnection::close);
        sockets.clear();
    }

    void plugIn() {
        plugged = true;
    }

    private void check() {
        if (!plugged) {
            throw new OfflineException("network cable unplugged", null);
        }
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        check();
        return wire.login(email, password, deviceName, deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        check();
        return wire.refresh(refreshToken);
    }

    @Override
    public void logout(String refreshToken) {
        check();
        wire.logout(refreshToken);
    }

    @Override
    public PushResponse push(PushRequest request) {
        check();
        return wire.push(request);
    }

    @Override
    public PullResponse pull(PullQuery query) {
        check();
        return wire.pull(query);
    }

    @Override
    public PullResponse pullPages(PullQuery query, int pages, java.util.function.Consumer<PullResponse> store) {
        check();
        return wire.pullPages(query, pages, store);
    }

    @Override
    public void setPassword(String employeeId, String password) {
        check();
        wire.setPassword(employeeId, password);
    }

    @Override
    public java.util.OptionalInt serverProtocol() {
        return wire.serverProtocol(); // what the server said before the cable was cut still holds
    }

    @Override
    public void health() {
        check();
        wire.health();
    }

    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        check();
        RealtimeConnection socket = wire.openRealtime(listener);
        sockets.add(socket);
        return socket;
    }

    @Override
    public void close() {
        wire.close();
    }
}
