package com.repairsync.client;

import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes everything through to a real transport, counting pulls; while {@code holdPushes}, answers
 * pushes with no results (as if lost in transit).
 */
final class InterceptingTransport {
    volatile boolean holdPushes;
    final AtomicInteger pulls = new AtomicInteger();

    SyncTransport wrap(SyncTransport real) {
        return new SyncTransport() {
            @Override
            public Session login(String email, String password, String deviceName, String deviceId) {
                return real.login(email, password, deviceName, deviceId);
            }

            @Override
            public Session refresh(String refreshToken) {
                return real.refresh(refreshToken);
            }

            @Override
            public PushResponse push(String accessToken, PushRequest request) {
                return holdPushes ? new PushResponse(List.of(), 0, null) : real.push(accessToken, request);
            }

            @Override
            public PullResponse pull(String accessToken, PullQuery query) {
                pulls.incrementAndGet();
                return real.pull(accessToken, query);
            }

            @Override
            public void logout(String refreshToken) {
                real.logout(refreshToken);
            }

            @Override
            public void setPassword(String accessToken, String employeeId, String password) {
                real.setPassword(accessToken, employeeId, password);
            }

            @Override
            public void health() {
                real.health();
            }

            @Override
            public RealtimeConnection openRealtime(String accessToken, RealtimeListener listener) {
                return real.openRealtime(accessToken, listener);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
