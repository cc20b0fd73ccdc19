package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the errors Jetty produces itself as {@code application/problem+json} in the shape of
 * {@link Problems}: requests it refuses before any route sees them (a bad request line or URI,
 * 414, 431), and failures outside the routes (a 500 when the server is exhausted). Every method
 * gets a body, not only GET and POST, and says {@code Connection: close}: Jetty closes the
 * connection after these. The detail is Jetty's reason when it is a short plain
 * phrase, else the status's reason phrase, so no class or library name reaches the client.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ,.:;'()/_-]{1,200}");
    private static final Pattern INTERNAL =
            Pattern.compile("exception|java|jetty|eclipse|\\.java|\\bat ", Pattern.CASE_INSENSITIVE);

    public ProblemErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorCode errorCode = Problems.codeFor(code);
        byte[] body = Problems.bytes(errorCode, code, null, detail(code, message), null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        // Jetty closes the connection after a request it failed (a bad URI, say) without telling the
        // client, whose next request on that connection would then get no answer: say it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static String detail(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        if (message == null
                || !PLAIN.matcher(message).matches()
                || INTERNAL.matcher(message).find()) {
            return reason;
        }
        return message.equals(reason) ? reason : reason + ": " + message;
    }
}
