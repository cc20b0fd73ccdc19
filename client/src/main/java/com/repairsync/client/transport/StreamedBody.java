package com.repairsync.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streamed response body as an {@link InputStream} whose reads wait at most {@code idleTimeout}
 * for the next bytes. HttpClient's own timeout ends when the headers arrive; without this, a
 * server or network that stalls in the middle of a pull stream would hang the device's sync.
 */
final class StreamedBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private final String from;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;

    StreamedBody(Duration idleTimeout, String from) {
        this.idleTimeout = idleTimeout;
        this.from = from;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrived.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        arrived.add(throwable);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended || !next()) {
                return -1;
            }
        }
        int n = Math.min(length, current.remaining());
        current.get(into, offset, n);
        return n;
    }

    /** Waits for the next item; false at the end of the body. */
    @SuppressWarnings("unchecked")
    private boolean next() throws IOException {
        Object item;
        try {
            item = arrived.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while reading " + from, e);
        }
        if (item == null) {
            close();
            throw new HttpTimeoutException("no data from " + from + " for " + idleTimeout.toMillis() + " ms");
        }
        if (item instanceof Throwable failure) {
            ended = true;
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
        if (item == END) {
            ended = true;
            return false;
        }
        buffers = ((List<ByteBuffer>) item).iterator();
        subscription.request(1);
        return true;
    }

    /** Stops the body: HttpClient closes the connection instead of reading the rest. */
    @Override
    public void close() {
        ended = true;
        Flow.Subscription taken = subscription;
        if (taken != null) {
            taken.cancel();
        }
    }
}
