package com.repairsync.server.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Reads and discards what a handler left unread of a request body, before the answer goes out.
 *
 * <p>A handler that refuses a request early (401 before the body of a push, 415, 404, 405, 413)
 * does not read its body. Jetty then marks the connection not persistent and closes it after the
 * answer while the client is still sending: the client's writes meet a reset, and a pooled client
 * (the JDK's {@code HttpClient}) reports the exchange, or the next one it sends on that
 * connection, as closed without an answer. Reading the rest of the body first keeps the connection
 * open and the answer arrives after the client finished sending. Bodies declared larger than the
 * drain limit are not worth reading: their answer says {@code Connection: close}.
 *
 * <p>Any other {@code Upgrade} header is ignored, as the server ignores it: the JDK's client asks
 * for {@code h2c} on every plain request when it prefers HTTP/2, and such a request is an ordinary
 * HTTP/1.1 exchange whose body must be drained like any other.
 */
final class UnreadBody {
    private static final int BUFFER = 16 * 1024;

    private UnreadBody() {}

    /** Up to how many bytes of an unread body are read and discarded. */
    static long drainLimit(long maxBodyBytes) {
        return Math.max(4 * maxBodyBytes, 1L << 20);
    }

    /** Reads the rest of the request body up to the drain limit, else asks for the connection to close. */
    static void drain(Context ctx, long maxBodyBytes) {
        HttpServletRequest request = ctx.req();
        if (ctx.res().getStatus() == 101 || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return; // a WebSocket handshake has no body, and its connection is no longer HTTP's
        }
        long limit = drainLimit(maxBodyBytes);
        if (request.getContentLengthLong() > limit) {
            closeAfterAnswer(ctx);
            return;
        }
        try {
            ServletInputStream in = request.getInputStream();
            if (in.isFinished()) {
                return;
            }
            byte[] buffer = new byte[BUFFER];
            for (long read = 0; read <= limit; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                read += n;
            }
            closeAfterAnswer(ctx); // a chunked body beyond the limit
        } catch (IOException | IllegalStateException unreadable) {
            // The client stopped sending, or cut its body short: the connection cannot carry
            // another request, and the answer says so.
            closeAfterAnswer(ctx);
        }
    }

    private static void closeAfterAnswer(Context ctx) {
        if (!ctx.res().isCommitted()) {
            ctx.res().setHeader("Connection", "close");
        }
    }
}
