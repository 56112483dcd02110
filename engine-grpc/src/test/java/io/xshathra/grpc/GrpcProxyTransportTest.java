package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.CallHeaders;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.grpc.proxy.BoolValue;
import io.xshathra.grpc.proxy.ConnectRequest;
import io.xshathra.grpc.proxy.ConnectResponse;
import io.xshathra.grpc.proxy.ConnectResult;
import io.xshathra.grpc.proxy.Disconnect;
import io.xshathra.grpc.proxy.Error;
import io.xshathra.grpc.proxy.PublishRequest;
import io.xshathra.grpc.proxy.PublishResponse;
import io.xshathra.grpc.proxy.PublishResult;
import io.xshathra.grpc.proxy.RPCRequest;
import io.xshathra.grpc.proxy.RPCResponse;
import io.xshathra.grpc.proxy.RPCResult;
import io.xshathra.grpc.proxy.RefreshRequest;
import io.xshathra.grpc.proxy.RefreshResponse;
import io.xshathra.grpc.proxy.RefreshResult;
import io.xshathra.grpc.proxy.SubRefreshRequest;
import io.xshathra.grpc.proxy.SubRefreshResponse;
import io.xshathra.grpc.proxy.SubRefreshResult;
import io.xshathra.grpc.proxy.SubscribeOptionOverride;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC proxy transport against a real grpc-java backend on loopback: every kind, metadata, TLS, failures. */
class GrpcProxyTransportTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final ProxyRequest.Caller CALLER = new ProxyRequest.Caller("c1", "websocket", "json", "alice",
            "{\"m\":1}".getBytes(StandardCharsets.UTF_8));
    private static final Metadata.Key<String> AUTH = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private ProxyBackendServer backend;
    private GrpcProxyTransport transport;

    @BeforeEach
    void start() throws Exception {
        backend = new ProxyBackendServer(null);
        transport = new GrpcProxyTransport(64, 1 << 16);
    }

    @AfterEach
    void stop() {
        transport.close();
        backend.close();
    }

    private ProxyEndpoint ep(boolean binary) {
        return new ProxyEndpoint("p", "grpc://127.0.0.1:" + backend.port(), T, List.of(), List.of(), List.of(),
                Map.of(), binary, false, List.of());
    }

    private static <R> ProxyReply<R> await(java.util.concurrent.CompletionStage<ProxyReply<R>> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private ProxyBackendServer.Received received() throws InterruptedException {
        ProxyBackendServer.Received r = backend.received.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a call within 5 s").isNotNull();
        return r;
    }

    @Test
    void connectSendsTheRequestAndReadsEveryResultField() throws Exception {
        backend.connect = r -> ConnectResponse.newBuilder().setResult(ConnectResult.newBuilder().setUser("bob")
                .setExpireAt(1234).setInfo(bs("{\"i\":1}")).setB64Data("eyJkIjoxfQ==").addChannels("news")
                .putSubs("s1", io.xshathra.grpc.proxy.SubscribeOptions.newBuilder().setB64Info("eyJzIjoxfQ==")
                        .setOverride(SubscribeOptionOverride.newBuilder()
                                .setPresence(BoolValue.newBuilder().setValue(true))).build())
                .setMeta(bs("{\"x\":2}"))).build();
        ProxyReply<ProxyResult.Connect> reply = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.Connect(CALLER, b("{\"a\":1}"), "js", "1.0", List.of("ch1"))));
        ConnectRequest req = (ConnectRequest) received().request();
        assertThat(req.getClient()).isEqualTo("c1");
        assertThat(req.getTransport()).isEqualTo("websocket");
        assertThat(req.getProtocol()).isEqualTo("json");
        assertThat(req.getEncoding()).isEqualTo("json");
        assertThat(req.getData().toStringUtf8()).isEqualTo("{\"a\":1}");
        assertThat(req.getB64Data()).isEmpty();
        assertThat(req.getName()).isEqualTo("js");
        assertThat(req.getVersion()).isEqualTo("1.0");
        assertThat(req.getChannelsList()).containsExactly("ch1");
        ProxyResult.Connect c = reply.result();
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.expireAt()).isEqualTo(1234);
        assertThat(new String(c.info(), StandardCharsets.UTF_8)).isEqualTo("{\"i\":1}");
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("{\"d\":1}");
        assertThat(c.channels()).containsExactly("news");
        assertThat(new String(c.subs().get("s1").info(), StandardCharsets.UTF_8)).isEqualTo("{\"s\":1}");
        assertThat(c.subs().get("s1").override().presence()).isTrue();
        assertThat(c.subs().get("s1").override().joinLeave()).isNull();
        assertThat(new String(c.meta(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":2}");
    }

    @Test
    void refreshSubscribeAndSubRefreshCarryUserChannelAndMeta() throws Exception {
        backend.refresh = r -> RefreshResponse.newBuilder().setResult(RefreshResult.newBuilder().setExpireAt(99)
                .setInfo(bs("{\"r\":1}"))).build();
        backend.subscribe = r -> SubscribeResponse.newBuilder().setResult(SubscribeResult.newBuilder()
                .setExpireAt(7).setData(bs("{\"ok\":true}"))).build();
        backend.subRefresh = r -> SubRefreshResponse.newBuilder().setResult(SubRefreshResult.newBuilder()
                .setExpired(true)).build();
        ProxyReply<ProxyResult.Refresh> refresh = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.Refresh(CALLER)));
        RefreshRequest rr = (RefreshRequest) received().request();
        assertThat(rr.getUser()).isEqualTo("alice");
        assertThat(rr.getMeta().toStringUtf8()).isEqualTo("{\"m\":1}");
        assertThat(refresh.result().expireAt()).isEqualTo(99);
        assertThat(refresh.result().expired()).isFalse();

        ProxyReply<ProxyResult.Subscribe> sub = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.Subscribe(CALLER, "px:1", "tok", b("{\"s\":1}"))));
        SubscribeRequest sr = (SubscribeRequest) received().request();
        assertThat(sr.getChannel()).isEqualTo("px:1");
        assertThat(sr.getToken()).isEqualTo("tok");
        assertThat(sr.getData().toStringUtf8()).isEqualTo("{\"s\":1}");
        assertThat(sub.result().expireAt()).isEqualTo(7);
        assertThat(new String(sub.result().data(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(sub.result().override()).isNull();

        ProxyReply<ProxyResult.SubRefresh> sref = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.SubRefresh(CALLER, "px:1")));
        SubRefreshRequest srr = (SubRefreshRequest) received().request();
        assertThat(srr.getChannel()).isEqualTo("px:1");
        assertThat(srr.getUser()).isEqualTo("alice");
        assertThat(sref.result().expired()).isTrue();
    }

    @Test
    void binaryEncodingSendsB64DataAndDecodesB64Replies() throws Exception {
        backend.rpc = r -> RPCResponse.newBuilder().setResult(RPCResult.newBuilder().setB64Data("AAEC")).build();
        backend.publish = r -> PublishResponse.newBuilder().setResult(PublishResult.newBuilder()
                .setData(bs("raw")).setB64Data("AAEC").setSkipHistory(true).putTags("k", "v")).build();
        ProxyReply<ProxyResult.Rpc> rpc = await(transport.call(ep(true), CallHeaders.NONE,
                new ProxyRequest.Rpc(CALLER, "m", new byte[] {(byte) 0xff, 0})));
        RPCRequest req = (RPCRequest) received().request();
        assertThat(req.getEncoding()).isEqualTo("binary");
        assertThat(req.getB64Data()).isEqualTo("/wA=");
        assertThat(req.getData().isEmpty()).isTrue();
        assertThat(req.getMethod()).isEqualTo("m");
        assertThat(rpc.result().data()).containsExactly(0, 1, 2);

        ProxyReply<ProxyResult.Publish> pub = await(transport.call(ep(true), CallHeaders.NONE,
                new ProxyRequest.Publish(CALLER, "ch", b("x"))));
        PublishRequest pr = (PublishRequest) received().request();
        assertThat(pr.getB64Data()).isEqualTo("eA==");
        assertThat(pr.getChannel()).isEqualTo("ch");
        // Raw data wins over b64data in a publish result, as in the reference.
        assertThat(new String(pub.result().data(), StandardCharsets.UTF_8)).isEqualTo("raw");
        assertThat(pub.result().skipHistory()).isTrue();
        assertThat(pub.result().tags()).containsEntry("k", "v");
    }

    @Test
    void mapPublishAndMapRemoveCarryChannelKeyAndDataAndReadEveryResultField() throws Exception {
        backend.mapPublish = r -> io.xshathra.grpc.proxy.MapPublishResponse.newBuilder().setResult(
                io.xshathra.grpc.proxy.MapPublishResult.newBuilder().setKey("forced").setB64Data("AAEC")
                        .putTags("t", "p").setKeyMode("if_new").setIdempotencyKey("i1").setDelta(true)
                        .setVersion(7).setVersionEpoch("v")).build();
        backend.mapRemove = r -> io.xshathra.grpc.proxy.MapRemoveResponse.newBuilder().setResult(
                io.xshathra.grpc.proxy.MapRemoveResult.newBuilder().setKey("other").setIdempotencyKey("i2")).build();
        ProxyReply<ProxyResult.MapPublish> pub = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.MapPublish(CALLER, "board:1", "k1", b("{\"v\":1}"))));
        io.xshathra.grpc.proxy.MapPublishRequest pr = (io.xshathra.grpc.proxy.MapPublishRequest) received().request();
        assertThat(pr.getChannel()).isEqualTo("board:1");
        assertThat(pr.getKey()).isEqualTo("k1");
        assertThat(pr.getData().toStringUtf8()).isEqualTo("{\"v\":1}");
        assertThat(pr.getEncoding()).isEqualTo("json");
        assertThat(pr.getClient()).isEqualTo(CALLER.client());
        assertThat(pub.result()).isNotNull();
        assertThat(pub.result().key()).isEqualTo("forced");
        assertThat(pub.result().data()).containsExactly(0, 1, 2);
        assertThat(pub.result().tags()).containsEntry("t", "p");
        assertThat(pub.result().keyMode()).isEqualTo("if_new");
        assertThat(pub.result().idempotencyKey()).isEqualTo("i1");
        assertThat(pub.result().delta()).isTrue();
        assertThat(pub.result().version()).isEqualTo(7);
        assertThat(pub.result().versionEpoch()).isEqualTo("v");

        ProxyReply<ProxyResult.MapRemove> rem = await(transport.call(ep(true), CallHeaders.NONE,
                new ProxyRequest.MapRemove(CALLER, "board:1", "k1")));
        io.xshathra.grpc.proxy.MapRemoveRequest rr = (io.xshathra.grpc.proxy.MapRemoveRequest) received().request();
        assertThat(rr.getKey()).isEqualTo("k1");
        assertThat(rr.getEncoding()).isEqualTo("binary");
        assertThat(rem.result().key()).isEqualTo("other");
        assertThat(rem.result().idempotencyKey()).isEqualTo("i2");

        backend.mapPublish = r -> io.xshathra.grpc.proxy.MapPublishResponse.newBuilder()
                .setError(io.xshathra.grpc.proxy.Error.newBuilder().setCode(4000).setMessage("nope")).build();
        ProxyReply<ProxyResult.MapPublish> err = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.MapPublish(CALLER, "board:1", "k1", null)));
        assertThat(err.error().code()).isEqualTo(4000);
        assertThat(err.result()).isNull();
    }

    @Test
    void sharedPollRefreshSendsTheKeysAndReadsChangesRemovalsAndTheEpoch() throws Exception {
        backend.sharedPollRefresh = r -> io.xshathra.grpc.proxy.SharedPollRefreshResponse.newBuilder()
                .setResult(io.xshathra.grpc.proxy.SharedPollRefreshResult.newBuilder().setEpoch("e1")
                        .addItems(io.xshathra.grpc.proxy.SharedPollRefreshResultItem.newBuilder().setKey("k1")
                                .setData(bs("{\"score\":42}")).setVersion(8).setPrevData(bs("{\"score\":41}")))
                        .addItems(io.xshathra.grpc.proxy.SharedPollRefreshResultItem.newBuilder().setKey("k2")
                                .setRemoved(true))).build();
        ProxyReply<ProxyResult.SharedPollRefresh> reply = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.SharedPollRefresh("poll:x", List.of(new ProxyRequest.SharedPollRefresh.Item("k1", 7),
                        new ProxyRequest.SharedPollRefresh.Item("k2", 0)))));
        var req = (io.xshathra.grpc.proxy.SharedPollRefreshRequest) received().request();
        assertThat(req.getChannel()).isEqualTo("poll:x");
        assertThat(req.getItemsList()).extracting(i -> i.getKey() + "@" + i.getVersion()).containsExactly("k1@7", "k2@0");
        assertThat(reply.result().epoch()).isEqualTo("e1");
        ProxyResult.PollItem k1 = reply.result().items().get(0);
        assertThat(new String(k1.data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"score\":42}");
        assertThat(k1.version()).isEqualTo(8);
        assertThat(new String(k1.prevData(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"score\":41}");
        assertThat(reply.result().items().get(1).removed()).isTrue();
        assertThat(reply.result().items().get(1).data()).isNull();
        backend.sharedPollRefresh = r -> io.xshathra.grpc.proxy.SharedPollRefreshResponse.newBuilder()
                .setError(Error.newBuilder().setCode(1000).setMessage("down")).build();
        ProxyReply<ProxyResult.SharedPollRefresh> err = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.SharedPollRefresh("poll:x", List.of(new ProxyRequest.SharedPollRefresh.Item("k", 0)))));
        assertThat(err.error().code()).isEqualTo(1000);
    }

    @Test
    void nonJsonPayloadIsSentAsBytesWithoutBinaryEncoding() throws Exception {
        await(transport.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", b("not json"))));
        assertThat(((RPCRequest) received().request()).getData().toStringUtf8()).isEqualTo("not json");
    }

    @Test
    void errorAndDisconnectRepliesComeBackDisconnectFirst() throws Exception {
        backend.rpc = r -> RPCResponse.newBuilder().setError(Error.newBuilder().setCode(403).setMessage("no")
                .setTemporary(true)).build();
        ProxyReply<ProxyResult.Rpc> err = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.Rpc(CALLER, "m", null)));
        assertThat(err.error().code()).isEqualTo(403);
        assertThat(err.error().message()).isEqualTo("no");
        assertThat(err.error().temporary()).isTrue();
        backend.rpc = r -> RPCResponse.newBuilder().setError(Error.newBuilder().setCode(403))
                .setDisconnect(Disconnect.newBuilder().setCode(4500).setReason("bye")).build();
        ProxyReply<ProxyResult.Rpc> dis = await(transport.call(ep(false), CallHeaders.NONE,
                new ProxyRequest.Rpc(CALLER, "m", null)));
        assertThat(dis.disconnect().code()).isEqualTo(4500);
        assertThat(dis.disconnect().reason()).isEqualTo("bye");
        assertThat(dis.error()).isNull();
        backend.rpc = r -> RPCResponse.newBuilder().setDisconnect(Disconnect.newBuilder().setCode(1000)).build();
        assertFails(transport.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                ProxyException.Reason.MALFORMED);
    }

    @Test
    void metadataFollowsStaticThenEmulatedThenHeadersThenCredentials() throws Exception {
        GrpcProxyOptions grpc = new GrpcProxyOptions(GrpcProxyOptions.Tls.OFF, "x-api-key", "s3cret", false,
                Map.of("x-static", "st", "x-over", "static"));
        ProxyEndpoint ep = new ProxyEndpoint("p", "127.0.0.1:" + backend.port(), T, List.of("authorization", "x-over"),
                List.of("x-md"), List.of("x-emu"), Map.of(), false, false, List.of(), ProxyEndpoint.Guard.NONE, grpc);
        CallHeaders http = new CallHeaders(Map.of("authorization", List.of("Bearer t"), "x-over", List.of("header"),
                "x-other", List.of("hidden")), Map.of(), Map.of("x-emu", "e", "x-hidden", "h"));
        await(transport.call(ep, http, new ProxyRequest.Rpc(CALLER, "m", null)));
        Metadata md = received().headers();
        assertThat(md.get(AUTH)).isEqualTo("Bearer t");
        assertThat(md.get(key("x-static"))).isEqualTo("st");
        assertThat(md.get(key("x-over"))).isEqualTo("header");
        assertThat(md.get(key("x-emu"))).isEqualTo("e");
        assertThat(md.get(key("x-api-key"))).isEqualTo("s3cret");
        assertThat(md.containsKey(key("x-other"))).isFalse();
        assertThat(md.containsKey(key("x-hidden"))).isFalse();

        CallHeaders grpcConn = new CallHeaders(Map.of(), Map.of("x-md", List.of("m1"), "x-no", List.of("n")), Map.of());
        await(transport.call(ep, grpcConn, new ProxyRequest.Rpc(CALLER, "m", null)));
        Metadata md2 = received().headers();
        assertThat(md2.get(key("x-md"))).isEqualTo("m1");
        assertThat(md2.containsKey(key("x-no"))).isFalse();
    }

    private static Metadata.Key<String> key(String k) {
        return Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Test
    void tlsWithTheBackendsCaAndServerNameAndCompression(@TempDir Path dir) throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(dir);
        try (ProxyBackendServer tlsBackend = new ProxyBackendServer(cert)) {
            tlsBackend.rpc = r -> RPCResponse.newBuilder().setResult(RPCResult.newBuilder().setData(bs("{\"tls\":1}")))
                    .build();
            GrpcProxyOptions grpc = new GrpcProxyOptions(new GrpcProxyOptions.Tls(true,
                    cert.certPem().getBytes(StandardCharsets.UTF_8), null, null, "localhost", false), "", "", true,
                    Map.of());
            ProxyEndpoint tls = new ProxyEndpoint("t", "grpc://127.0.0.1:" + tlsBackend.port(), T, List.of(),
                    List.of(), List.of(), Map.of(), false, false, List.of(), ProxyEndpoint.Guard.NONE, grpc);
            ProxyReply<ProxyResult.Rpc> ok = await(transport.call(tls, CallHeaders.NONE,
                    new ProxyRequest.Rpc(CALLER, "m", null)));
            assertThat(new String(ok.result().data(), StandardCharsets.UTF_8)).isEqualTo("{\"tls\":1}");
            assertThat(tlsBackend.received.poll(5, TimeUnit.SECONDS).headers()
                    .get(key("grpc-encoding"))).isEqualTo("gzip");

            // Without the CA the backend's self-signed certificate is refused.
            GrpcProxyOptions noCa = new GrpcProxyOptions(new GrpcProxyOptions.Tls(true, null, null, null, "", false),
                    "", "", false, Map.of());
            ProxyEndpoint untrusted = new ProxyEndpoint("u", "grpc://127.0.0.1:" + tlsBackend.port(), T, List.of(),
                    List.of(), List.of(), Map.of(), false, false, List.of(), ProxyEndpoint.Guard.NONE, noCa);
            assertFails(transport.call(untrusted, CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                    ProxyException.Reason.UNREACHABLE);
        }
    }

    @Test
    void statusesTimeoutsAndSizeBecomeFailures() throws Exception {
        backend.rpc = r -> {
            throw Status.PERMISSION_DENIED.withDescription("nope").asRuntimeException();
        };
        assertFails(transport.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                ProxyException.Reason.STATUS);
        backend.rpc = r -> RPCResponse.newBuilder().setResult(RPCResult.newBuilder()
                .setData(ByteString.copyFrom(new byte[1 << 17]))).build();
        assertFails(transport.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                ProxyException.Reason.TOO_LARGE);
        CountDownLatch release = new CountDownLatch(1);
        backend.rpc = r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RPCResponse.getDefaultInstance();
        };
        ProxyEndpoint quick = new ProxyEndpoint("q", "grpc://127.0.0.1:" + backend.port(), Duration.ofMillis(200),
                List.of(), List.of(), List.of(), Map.of(), false, false, List.of());
        assertFails(transport.call(quick, CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                ProxyException.Reason.TIMEOUT);
        release.countDown();
        int port = backend.port();
        backend.close();
        assertFails(transport.call(ProxyEndpoint.of("gone", "grpc://127.0.0.1:" + port, T), CallHeaders.NONE,
                new ProxyRequest.Rpc(CALLER, "m", null)), ProxyException.Reason.UNREACHABLE);
    }

    @Test
    void callsInFlightAreBoundedAndTheChannelIsReused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        backend.rpc = r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RPCResponse.getDefaultInstance();
        };
        try (GrpcProxyTransport small = new GrpcProxyTransport(2, 1 << 16)) {
            var a = small.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null));
            var b = small.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null));
            assertFails(small.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)),
                    ProxyException.Reason.OVERLOADED);
            release.countDown();
            assertThat(await(a).result()).isNull();
            assertThat(await(b).result()).isNull();
            assertThat(small.channelCount()).isEqualTo(1);
            await(small.call(ep(false), CallHeaders.NONE, new ProxyRequest.Rpc(CALLER, "m", null)));
            assertThat(small.channelCount()).isEqualTo(1);
        }
    }

    @Test
    void servesOnlyTheOperatorsNonHttpEndpoints() {
        assertThat(transport.serves(ep(false))).isTrue();
        assertThat(transport.serves(ProxyEndpoint.of("h", "http://127.0.0.1:1/x", T))).isFalse();
        assertThat(transport.serves(new ProxyEndpoint("g", "grpc://127.0.0.1:1", T, List.of(), List.of(), List.of(),
                Map.of(), false, false, List.of(), new ProxyEndpoint.Guard("s", true)))).isFalse();
        assertThat(GrpcProxyChannels.target("grpc://backend:9000")).isEqualTo("backend:9000");
        transport.warmUp(List.of(ep(false), ProxyEndpoint.of("h", "http://127.0.0.1:1/x", T)));
        assertThat(transport.channelCount()).as("only the gRPC endpoint gets a channel").isEqualTo(1);
        assertThat(GrpcProxyChannels.target("backend:9000")).isEqualTo("backend:9000");
    }

    private static void assertFails(java.util.concurrent.CompletionStage<?> s, ProxyException.Reason reason) {
        assertThatThrownBy(() -> s.toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ProxyException.class)
                .satisfies(e -> assertThat(((ProxyException) e).reason()).isEqualTo(reason));
    }
}
