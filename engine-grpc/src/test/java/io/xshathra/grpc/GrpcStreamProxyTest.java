package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.CallHeaders;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.StreamProxyTransport;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC subscribe stream transport against a real backend: flow control, bounds, binary encoding. */
class GrpcStreamProxyTest {
    private static final ProxyRequest.Caller CALLER = new ProxyRequest.Caller("c1", "websocket", "json", "alice",
            "{\"m\":1}".getBytes(StandardCharsets.UTF_8));
    private StreamBackend backend;
    private GrpcProxyTransport transport;

    @BeforeEach
    void start() throws Exception {
        backend = new StreamBackend();
        transport = new GrpcProxyTransport(8, 1 << 20, 2);
    }

    @AfterEach
    void stop() {
        transport.close();
        backend.close();
    }

    /** Records what a stream delivers and checks the window on every publication. */
    private static final class Recorder implements StreamProxyTransport.Listener {
        final CompletableFuture<ProxyReply<ProxyResult.Subscribe>> reply = new CompletableFuture<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        volatile boolean overWindow;

        @Override
        public void onReply(ProxyReply<ProxyResult.Subscribe> r) {
            reply.complete(r);
        }

        @Override
        public void onPublication(byte[] data, Map<String, String> tags) {
            if (received.incrementAndGet() > acked.get() + StreamProxyTransport.WINDOW) {
                overWindow = true;
            }
        }

        @Override
        public void onClose(Throwable error) {
            closed.complete(error);
        }
    }

    private StreamProxyTransport.Call open(ProxyEndpoint ep, Recorder r) {
        return transport.streams().open(ep, CallHeaders.NONE,
                new ProxyRequest.Subscribe(CALLER, "ch", "", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)), false, r);
    }

    @Test
    void publicationsBeyondTheWindowWaitForAcknowledgements() throws Exception {
        backend.onOpen = st -> {
            st.accept("{}");
            for (int i = 0; i < 100; i++) {
                st.publish("{\"n\":" + i + "}", Map.of());
            }
            st.complete();
        };
        Recorder r = new Recorder();
        StreamProxyTransport.Call call = open(backend.endpoint("s", Duration.ofSeconds(2)), r);
        assertThat(r.reply.get(5, TimeUnit.SECONDS).result().data()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        Await.until(Duration.ofSeconds(5), () -> r.received.get() == StreamProxyTransport.WINDOW, "a window full");
        for (int i = 0; i < 100; i++) {
            int want = i;
            Await.until(Duration.ofSeconds(5), () -> r.received.get() > want, "publication " + i);
            r.acked.incrementAndGet();
            call.ack();
        }
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).as("completed by the backend").isNull();
        assertThat(r.received.get()).isEqualTo(100);
        assertThat(r.overWindow).isFalse();
    }

    @Test
    void streamsBeyondTheLimitAreRefusedUntilOneEnds() throws Exception {
        ProxyEndpoint ep = backend.endpoint("s", Duration.ofSeconds(2));
        Recorder a = new Recorder();
        StreamProxyTransport.Call first = open(ep, a);
        open(ep, new Recorder());
        assertThatThrownBy(() -> open(ep, new Recorder())).isInstanceOfSatisfying(ProxyException.class,
                e -> assertThat(e.reason()).isEqualTo(ProxyException.Reason.OVERLOADED));
        first.cancel();
        a.closed.get(5, TimeUnit.SECONDS);
        Recorder c = new Recorder();
        open(ep, c);
        assertThat(c.reply.get(5, TimeUnit.SECONDS).result()).isNotNull();
    }

    @Test
    void binaryEncodingSendsB64DataAndMetaIsIncludedWhenAsked() throws Exception {
        ProxyEndpoint plain = backend.endpoint("s", Duration.ofSeconds(2));
        ProxyEndpoint ep = new ProxyEndpoint("bin", plain.endpoint(), plain.timeout(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), Map.of(), true, true, java.util.List.of());
        Recorder r = new Recorder();
        open(ep, r);
        r.reply.get(5, TimeUnit.SECONDS);
        StreamBackend.Stream st = backend.next();
        assertThat(st.request.getEncoding()).isEqualTo("binary");
        assertThat(st.request.getB64Data()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(st.request.getData().isEmpty()).isTrue();
        assertThat(st.request.getMeta().toStringUtf8()).isEqualTo("{\"m\":1}");
    }
}
