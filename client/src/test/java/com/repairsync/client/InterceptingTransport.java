package com.repairsync.client;

import com.repairsync.client.transport.ForwardingSyncTransport;
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
        return new ForwardingSyncTransport(real) {
            @Override
            public PushResponse push(PushRequest request) {
                return holdPushes ? new PushResponse(List.of(), 0, null) : super.push(request);
            }

            @Override
            public PullResponse pull(PullQuery query) {
                pulls.incrementAndGet();
                return super.pull(query);
            }
        };
    }
}
