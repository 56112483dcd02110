package io.xshathra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bounds of the exchange: the response size cap, the request timeout, and failures to connect. */
class TransportTest {
    private static final String KEY = XshathraClientTest.KEY;
    private final CannedServer server = start();

    private static CannedServer start() {
        try {
            return new CannedServer();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private XshathraClient client(Duration timeout, int cap) {
        return XshathraClient.builder().baseUrl(server.url()).serverKey(KEY).timeout(timeout)
                .maxResponseBytes(cap).build();
    }

    private static String big(int n) {
        char[] c = new char[n];
        Arrays.fill(c, 'x');
        return "{\"token\":\"" + new String(c) + "\",\"expiresInSeconds\":900}";
    }

    @Test
    void anAnswerOverTheCapIsNotRead() {
        XshathraClient c = client(Duration.ofSeconds(5), 4096);
        server.answer(200, big(4000));
        assertThat(c.token(TokenRequest.of("a")).token()).hasSize(4000);
        server.answer(200, big(100_000));
        XshathraException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")), XshathraException.class);
        assertThat(e.code()).isEqualTo(XshathraException.RESPONSE_TOO_LARGE);
        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    void aStreamedAnswerWithoutLengthIsCappedWhileReading() {
        XshathraClient c = client(Duration.ofSeconds(5), 4096);
        server.handler((ex, s, r) -> {
            ex.sendResponseHeaders(500, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[1024];
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                    out.flush();
                }
            }
        });
        XshathraException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")), XshathraException.class);
        assertThat(e.code()).isEqualTo(XshathraException.RESPONSE_TOO_LARGE);
        assertThat(e.status()).isEqualTo(500);
    }

    @Test
    void noAnswerInTimeIsARequestTimeout() {
        XshathraClient c = client(Duration.ofMillis(300), 4096);
        server.handler((ex, s, r) -> s.park());
        long start = System.nanoTime();
        RequestTimeoutException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")),
                RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(XshathraException.TIMEOUT);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void aTimeoutCompletesOnTheGivenExecutorNotOnTheJdksSharedTimer() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "xs-test-executor"));
        try {
            XshathraClient c = XshathraClient.builder().baseUrl(server.url()).serverKey(KEY)
                    .timeout(Duration.ofMillis(300)).executor(pool).build();
            server.handler((ex, s, r) -> s.park());
            String thread = c.tokenAsync(TokenRequest.of("a"))
                    .handle((v, e) -> e instanceof RequestTimeoutException ? Thread.currentThread().getName() : "?")
                    .join();
            assertThat(thread).isEqualTo("xs-test-executor");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsARequestTimeoutToo() {
        XshathraClient c = client(Duration.ofMillis(500), 4096);
        server.handler((ex, s, r) -> {
            ex.sendResponseHeaders(200, 100);
            OutputStream out = ex.getResponseBody();
            out.write("{\"token\":\"".getBytes());
            out.flush();
            s.park();
        });
        long start = System.nanoTime();
        catchThrowableOfType(() -> c.token(TokenRequest.of("a")), RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRefusedConnectionIsATransportFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        XshathraClient c = XshathraClient.builder().baseUrl("http://127.0.0.1:" + port).serverKey(KEY)
                .timeout(Duration.ofSeconds(5)).build();
        TransportException e = catchThrowableOfType(() -> c.publish(PublishRequest.json("c", 1)),
                TransportException.class);
        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
        assertThat(e.code()).isEqualTo(XshathraException.TRANSPORT);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain(KEY);
        assertThat(c.publishAsync(PublishRequest.json("c", 1)).handle((v, x) -> x).join())
                .isInstanceOf(TransportException.class);
    }

    @Test
    void aConnectionClosedWithoutAnswerIsATransportFailure() {
        XshathraClient c = client(Duration.ofSeconds(5), 4096);
        server.handler((ex, s, r) -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("{\"tok".getBytes());
            ex.close();
        });
        TransportException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")), TransportException.class);
        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
    }
}
