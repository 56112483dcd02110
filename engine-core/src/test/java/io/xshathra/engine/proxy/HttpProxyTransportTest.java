package io.xshathra.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP proxy against a real backend: request bodies and headers, replies, and every failure. */
class HttpProxyTransportTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(4, 1024);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        http.close();
        backend.close();
    }

    private static ProxyRequest.Caller caller() {
        return new ProxyRequest.Caller("c1", "websocket", "json", "alice", "{\"m\":1}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <R> ProxyReply<R> call(ProxyEndpoint ep, ProxyRequest<R> req) {
        return http.call(ep, CallHeaders.NONE, req).toCompletableFuture().join();
    }

    private ProxyException failure(ProxyEndpoint ep, ProxyRequest<?> req) {
        Throwable t = catchThrowable(() -> http.call(ep, CallHeaders.NONE, req).toCompletableFuture().join());
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(ProxyException.class);
        return (ProxyException) t.getCause();
    }

    @Test
    void sendsTheRequestAsCentrifugoDoesAndReadsTheResult() {
        backend.on("/connect", """
                {"result": {"user": "u1", "expire_at": 1700000000, "info": {"a": 1}, "b64data": "AAE=",
                            "channels": ["news"], "subs": {"chat": {"info": {"c": 2},
                            "override": {"presence": {"value": true}}}}, "meta": {"m": 2}}}""");
        ProxyReply<ProxyResult.Connect> r = call(backend.endpoint("default", "/connect", T),
                new ProxyRequest.Connect(caller(), bytes("{\"x\":1}"), "js", "1.0", List.of("a", "b")));
        ProxyBackend.Received got = backend.next();
        assertThat(got.body().toString()).isEqualTo("{\"client\":\"c1\",\"transport\":\"websocket\","
                + "\"protocol\":\"json\",\"encoding\":\"json\",\"user\":\"alice\","
                + "\"data\":{\"x\":1},\"name\":\"js\",\"version\":\"1.0\",\"channels\":[\"a\",\"b\"]}");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        ProxyResult.Connect c = r.result();
        assertThat(c.user()).isEqualTo("u1");
        assertThat(c.expireAt()).isEqualTo(1700000000L);
        assertThat(new String(c.info(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(c.data()).containsExactly(0, 1);
        assertThat(c.channels()).containsExactly("news");
        assertThat(c.subs().get("chat").override().presence()).isTrue();
        assertThat(c.subs().get("chat").override().joinLeave()).isNull();
        assertThat(new String(c.meta(), StandardCharsets.UTF_8)).isEqualTo("{\"m\":2}");
    }

    @Test
    void binaryEncodingSendsBase64AndStaticEmulatedAndForwardedHeaders() {
        backend.on("/rpc", "{\"result\": {\"b64data\": \"/w==\"}}");
        ProxyEndpoint ep = new ProxyEndpoint("p1", backend.url("/rpc"), T, List.of("authorization"), List.of(),
                List.of("x-emulated", "authorization"), Map.of("X-Static", "s", "Authorization", "static"), true,
                false, List.of());
        CallHeaders headers = new CallHeaders(Map.of("authorization", List.of("Bearer t"), "cookie", List.of("secret")),
                Map.of("x-meta", List.of("m")),
                Map.of("x-emulated", "e", "authorization", "from client", "x-other", "o"));
        ProxyReply<ProxyResult.Rpc> r = http.call(ep, headers, new ProxyRequest.Rpc(caller(), "m", new byte[] {1, 2}))
                .toCompletableFuture().join();
        ProxyBackend.Received got = backend.next();
        assertThat(got.body().get("b64data").asText()).isEqualTo("AQI=");
        assertThat(got.body().get("encoding").asText()).isEqualTo("binary");
        assertThat(got.body().has("data")).isFalse();
        assertThat(got.header("X-Static")).isEqualTo("s");
        assertThat(got.header("Authorization")).as("forwarded wins over static").isEqualTo("Bearer t");
        assertThat(got.header("Cookie")).as("not in http_headers").isNull();
        assertThat(got.header("X-Emulated")).as("in emulated_headers").isEqualTo("e");
        assertThat(got.header("X-Other")).as("not in emulated_headers").isNull();
        assertThat(got.header("X-Meta")).as("gRPC metadata only on gRPC connections").isNull();
        assertThat(r.result().data()).containsExactly(0xff);
    }

    @Test
    void grpcMetadataKeysBecomeHeadersOnGrpcConnections() {
        backend.on("/m", "{}");
        ProxyEndpoint ep = new ProxyEndpoint("m", backend.url("/m"), T, List.of(), List.of("x-meta"), List.of(),
                Map.of(), false, false, List.of());
        http.call(ep, new CallHeaders(Map.of(), Map.of("x-meta", List.of("m1")), Map.of()),
                new ProxyRequest.Refresh(caller())).toCompletableFuture().join();
        assertThat(backend.next().header("X-Meta")).isEqualTo("m1");
    }

    @Test
    void errorAndDisconnectRepliesAreValues() {
        backend.on("/e", "{\"error\": {\"code\": 1000, \"message\": \"custom\", \"temporary\": true}}")
                .on("/d", "{\"disconnect\": {\"code\": 4000, \"reason\": \"bye\"}, \"error\": {\"code\": 1}}")
                .on("/empty", "{}");
        ProxyRequest.Publish req = new ProxyRequest.Publish(caller(), "ch", bytes("{}"));
        assertThat(call(backend.endpoint("e", "/e", T), req).error()).isEqualTo(new ClientError(1000, "custom", true));
        assertThat(call(backend.endpoint("d", "/d", T), req).disconnect()).isEqualTo(new Disconnect(4000, "bye"));
        ProxyReply<ProxyResult.Publish> empty = call(backend.endpoint("x", "/empty", T), req);
        assertThat(empty.result()).isNull();
        assertThat(empty.error()).isNull();
    }

    @Test
    void failuresAreProxyExceptions() {
        backend.on("/500", req -> new ProxyBackend.Answer(500, bytes("{}")))
                .on("/garbage", "not json")
                .on("/array", "[1]")
                .on("/badtype", "{\"result\": {\"expire_at\": \"soon\"}}")
                .on("/badcode", "{\"disconnect\": {\"code\": 100, \"reason\": \"x\"}}")
                .on("/huge", req -> ProxyBackend.Answer.json("{\"result\":{\"data\":\"" + "x".repeat(4096) + "\"}}"))
                .on("/slow", req -> {
                    await(release);
                    return ProxyBackend.Answer.json("{}");
                });
        ProxyRequest.Subscribe req = new ProxyRequest.Subscribe(caller(), "ch", "", null);
        assertThat(failure(backend.endpoint("a", "/500", T), req).reason()).isEqualTo(ProxyException.Reason.STATUS);
        assertThat(failure(backend.endpoint("a", "/garbage", T), req).reason())
                .isEqualTo(ProxyException.Reason.MALFORMED);
        assertThat(failure(backend.endpoint("a", "/array", T), req).reason()).isEqualTo(ProxyException.Reason.MALFORMED);
        assertThat(failure(backend.endpoint("a", "/badtype", T), req).reason())
                .isEqualTo(ProxyException.Reason.MALFORMED);
        assertThat(failure(backend.endpoint("a", "/huge", T), req).reason()).isEqualTo(ProxyException.Reason.TOO_LARGE);
        assertThat(failure(backend.endpoint("a", "/badcode", T), req).reason())
                .as("a close frame cannot carry it").isEqualTo(ProxyException.Reason.MALFORMED);
        long start = System.nanoTime();
        assertThat(failure(backend.endpoint("a", "/slow", Duration.ofMillis(200)), req).reason())
                .isEqualTo(ProxyException.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(failure(ProxyEndpoint.of("a", "http://127.0.0.1:1/x", T), req).reason())
                .isEqualTo(ProxyException.Reason.UNREACHABLE);
    }

    @Test
    void nonJsonPayloadWithoutBinaryEncodingIsRefusedBeforeSending() {
        ProxyException e = failure(backend.endpoint("a", "/x", T),
                new ProxyRequest.Rpc(caller(), "m", new byte[] {1, 2}));
        assertThat(e.reason()).isEqualTo(ProxyException.Reason.MALFORMED);
        assertThat(backend.receivedCount()).isZero();
    }

    @Test
    void statusTransformsMapToErrorsAndDisconnects() {
        backend.on("/403", req -> new ProxyBackend.Answer(403, new byte[0]))
                .on("/404", req -> new ProxyBackend.Answer(404, new byte[0]));
        List<ProxyEndpoint.StatusTransform> t = List.of(
                new ProxyEndpoint.StatusTransform(403, 0, "", false, 4403, "forbidden"),
                new ProxyEndpoint.StatusTransform(404, 404, "not found", false, 0, ""));
        ProxyRequest.Refresh req = new ProxyRequest.Refresh(caller());
        ProxyEndpoint e403 = new ProxyEndpoint("t", backend.url("/403"), T, List.of(), List.of(), List.of(), Map.of(),
                false, false, t);
        ProxyEndpoint e404 = new ProxyEndpoint("t", backend.url("/404"), T, List.of(), List.of(), List.of(), Map.of(),
                false, false, t);
        assertThat(call(e403, req).disconnect()).isEqualTo(new Disconnect(4403, "forbidden"));
        assertThat(call(e404, req).error()).isEqualTo(new ClientError(404, "not found", false));
    }

    @Test
    void callsInFlightAreBounded() {
        backend.on("/slow", req -> {
            await(release);
            return ProxyBackend.Answer.json("{}");
        });
        ProxyEndpoint slow = backend.endpoint("s", "/slow", Duration.ofSeconds(5));
        ProxyRequest.Refresh req = new ProxyRequest.Refresh(caller());
        var pending = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 4; i++) {
            pending.add(http.call(slow, CallHeaders.NONE, req).toCompletableFuture());
        }
        assertThat(failure(slow, req).reason()).isEqualTo(ProxyException.Reason.OVERLOADED);
        release.countDown();
        pending.forEach(f -> f.join());
        assertThat(call(slow, req).result()).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTenantsEndpointIsSignedAndMustBeOnAPublicNetwork() {
        backend.on("/rpc", "{\"result\": {}}");
        ProxyEndpoint plain = backend.endpoint("default", "/rpc", T);
        ProxyEndpoint signed = new ProxyEndpoint("project-rpc", plain.endpoint(), T, List.of(), List.of(), List.of(),
                Map.of(), false, false, List.of(), new ProxyEndpoint.Guard("xs_ps_test", false));
        ProxyRequest.Rpc req = new ProxyRequest.Rpc(caller(), "m", bytes("{}"));
        call(signed, req);
        ProxyBackend.Received got = backend.next();
        assertThat(ProxySignature.verify("xs_ps_test", got.header(ProxySignature.HEADER),
                got.body().toString().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000, 60)).isTrue();
        call(plain, req);
        assertThat(backend.next().header(ProxySignature.HEADER)).as("the operator's proxies are not signed").isNull();

        ProxyEndpoint publicOnly = new ProxyEndpoint("project-rpc", plain.endpoint(), T, List.of(), List.of(),
                List.of(), Map.of(), false, false, List.of(), new ProxyEndpoint.Guard("xs_ps_test", true));
        ProxyException e = failure(publicOnly, req);
        assertThat(e.reason()).isEqualTo(ProxyException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("not on a public network");
    }
}
