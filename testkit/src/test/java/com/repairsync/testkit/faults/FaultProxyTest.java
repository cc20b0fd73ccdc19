package com.repairsync.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.testkit.faults.FaultProxy.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the proxy against a tiny server that answers every line with "ok: line". */
class FaultProxyTest {
    private ServerSocket server;
    private FaultProxy proxy;
    private final AtomicLong linesSeen = new AtomicLong();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "line-server");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.start("127.0.0.1", server.getLocalPort(), 42);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void forwardsBothWaysWithoutAFault() throws IOException {
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "hello")).isEqualTo("ok: hello");
        }
    }

    @Test
    void latencyDelaysEveryChunk() throws IOException {
        proxy.latency(Duration.ofMillis(150), Duration.ZERO).set(Fault.LATENCY);
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            assertThat(exchange(socket, "slow")).isEqualTo("ok: slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        assertThat(proxy.struck().get(Fault.LATENCY)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bandwidthLimitsTheRate() throws IOException {
        proxy.bandwidth(1000).set(Fault.BANDWIDTH);
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            String line = "x".repeat(600);
            assertThat(exchange(socket, line)).isEqualTo("ok: " + line);
            // 600 bytes up and 604 down at 1000 bytes/s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
    }

    @Test
    void resetMidResponseCutsTheAnswerAfterTheServerGotTheRequest() throws IOException {
        proxy.set(Fault.RESET_RESPONSE);
        try (Socket socket = connect()) {
            assertThatThrownBy(() -> exchange(socket, "cut")).isInstanceOf(IOException.class);
        }
        assertThat(answers).contains("ok: cut");
    }

    @Test
    void resetMidRequestCutsTheRequestBeforeTheServerGotAll() throws IOException {
        proxy.set(Fault.RESET_REQUEST);
        try (Socket socket = connect()) {
            assertThatThrownBy(() -> exchange(socket, "cut")).isInstanceOf(IOException.class);
        }
        assertThat(answers).doesNotContain("ok: cut");
    }

    @Test
    void aBlackHoleAcceptsAndNeverAnswers() throws IOException {
        proxy.set(Fault.BLACK_HOLE);
        try (Socket socket = connect()) {
            assertThatThrownBy(() -> exchange(socket, "anyone?")).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(linesSeen).hasValue(0);
    }

    @Test
    void halfOpenDeliversTheRequestAndSwallowsTheAnswer() throws IOException {
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "before")).isEqualTo("ok: before");
            proxy.set(Fault.HALF_OPEN);
            assertThatThrownBy(() -> exchange(socket, "lost")).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(answers).contains("ok: lost");
    }

    @Test
    void refuseClosesTheDoorAndResetsOpenConnectionsUntilSwitchedBack() throws IOException {
        Socket open = connect();
        assertThat(exchange(open, "one")).isEqualTo("ok: one");
        proxy.set(Fault.REFUSE);
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> exchange(open, "two")).isInstanceOf(IOException.class);
        open.close();
        proxy.set(Fault.NONE);
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "three")).isEqualTo("ok: three");
        }
    }

    @Test
    void everyConnectIsRefusedOnceRefuseIsSet() throws IOException {
        // closing a listener whose accept thread is still blocked leaves it listening until that
        // thread wakes, so a connect right after set(REFUSE) could still be accepted
        for (int round = 0; round < 300; round++) {
            proxy.set(Fault.REFUSE);
            assertThatThrownBy(this::connect).as("round %d", round).isInstanceOf(ConnectException.class);
            proxy.set(Fault.NONE);
        }
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "back")).isEqualTo("ok: back");
        }
    }

    @Test
    void theAnswerHookSeesTheRequestLineAndStatusBeforeTheDevice() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        proxy.onAnswer((request, status) -> seen.add(request + " -> " + status));
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "GET /v1/health HTTP/1.1")).isEqualTo("ok: GET /v1/health HTTP/1.1");
        }
        assertThat(seen).isEmpty(); // "ok: ..." is not an HTTP status line
        answers.clear();
        try (Socket socket = connect()) {
            exchange(socket, "GET /status HTTP/1.1");
        }
        assertThat(seen).containsExactly("GET /status HTTP/1.1 -> 204");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(1500);
        return socket;
    }

    private static String exchange(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after " + answer.size() + " bytes");
            }
            answer.write(b);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** Answers each line; "GET /status HTTP/1.1" gets an HTTP-looking status line. */
    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> answer(socket), "line-server-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                linesSeen.incrementAndGet();
                String answer =
                        line.toString().equals("GET /status HTTP/1.1") ? "HTTP/1.1 204 No Content" : "ok: " + line;
                answers.add(answer);
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                line.setLength(0);
            }
        } catch (IOException ignored) {
            // the proxy cut us off: that is the point of most tests
        }
    }
}
