package com.repairsync.server.realtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of realtime messages this node has not yet sent, per socket and in all: charged when
 * a message is queued for a socket (on a sender's queue or in the transport's), released when the
 * transport reports it written or failed.
 *
 * <p>A socket may hold {@code perSocket} bytes; a single message larger than that is still let
 * through to a socket that has nothing unsent, so a large commit does not drop every reader. The
 * node may hold {@code perNode} bytes in all, so many sockets each within their budget still cannot
 * fill the heap; only a socket holding no more than {@value #SMALL_BACKLOG} bytes may pass that, so
 * a device that keeps up (whose messages may still wait on a sender for a moment) is not dropped
 * for the backlog of others. The node's sockets hold at most {@code perNode} plus that much each.
 * A socket refused once stays refused: the hub drops it and it must not queue more.
 */
final class UnsentBytes {
    /** Unsent bytes a socket may always hold, whatever the node holds. */
    static final long SMALL_BACKLOG = 16 * 1024;

    private final long perSocket;
    private final long perNode;
    private final AtomicLong total = new AtomicLong();

    UnsentBytes(long perSocket, long perNode) {
        if (perSocket <= 0 || perNode <= 0) {
            throw new IllegalArgumentException(
                    "unsent budgets must be positive, got " + perSocket + " per socket and " + perNode + " per node");
        }
        this.perSocket = perSocket;
        this.perNode = perNode;
    }

    /** The node's budget: a quarter of the heap, so unsent messages can never take most of it. */
    static long nodeBudgetForHeap(long maxHeap) {
        return Math.max(SMALL_BACKLOG, maxHeap / 4);
    }

    long perSocket() {
        return perSocket;
    }

    long perNode() {
        return perNode;
    }

    /** Unsent bytes of every socket together. */
    long total() {
        return total.get();
    }

    /** A new socket's account. */
    Backlog open() {
        return new Backlog();
    }

    /** What became of a message charged to a socket. */
    enum Charge {
        /** Charged: send it, and release it once written or failed. */
        FITS,
        /** It did not fit: the socket is over budget from now on and must be dropped. */
        OVER_BUDGET,
        /** The socket was over budget before, or is closing: nothing more goes to it. */
        STOPPED
    }

    /** One socket's unsent bytes. */
    final class Backlog {
        private final AtomicLong unsent = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();

        /** Charges a message of {@code bytes} if it fits. */
        Charge charge(long bytes) {
            if (stopped.get()) {
                return Charge.STOPPED;
            }
            long before;
            do {
                before = unsent.get();
                if (before > 0 && before + bytes > perSocket) {
                    return refuse();
                }
            } while (!unsent.compareAndSet(before, before + bytes));
            boolean small = before + bytes <= SMALL_BACKLOG;
            long node;
            do {
                node = total.get();
                if (!small && node + bytes > perNode) {
                    unsent.addAndGet(-bytes);
                    return refuse();
                }
            } while (!total.compareAndSet(node, node + bytes));
            return Charge.FITS;
        }

        /** Releases a charged message that was written, failed, or not sent after all. */
        void release(long bytes) {
            unsent.addAndGet(-bytes);
            total.addAndGet(-bytes);
        }

        /** Refuses every later message, as for a socket being closed. */
        void stop() {
            stopped.set(true);
        }

        /** Whether messages are refused: over budget, or closing. */
        boolean stopped() {
            return stopped.get();
        }

        long unsent() {
            return unsent.get();
        }

        /** Over budget for the first time (this charge drops the socket), or stopped already. */
        private Charge refuse() {
            return stopped.compareAndSet(false, true) ? Charge.OVER_BUDGET : Charge.STOPPED;
        }
    }
}
