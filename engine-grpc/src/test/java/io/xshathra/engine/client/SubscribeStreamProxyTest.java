package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.engine.proxy.SubscribeStreams;
import io.xshathra.grpc.GrpcProxyTransport;
import io.xshathra.grpc.StreamBackend;
import io.xshathra.grpc.proxy.Disconnect;
import io.xshathra.grpc.proxy.Error;
import io.xshathra.grpc.proxy.StreamSubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeResponse;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions through a subscribe stream proxy, end to end inside the engine: real sessions, the
 * real gRPC proxy transport and a real grpc-java backend on loopback. Namespace {@code s} streams
 * one way (with presence), {@code b} both ways, {@code slow} has a 200 ms first-message timeout.
 */
class SubscribeStreamProxyTest {
    private StreamBackend backend;
    private GrpcProxyTransport grpc;
    private Node node;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        backend = new StreamBackend();
        grpc = new GrpcProxyTransport(64, 1 << 20);
        ProxyConfig proxies = new ProxyConfig(null, null,
                Map.of("slow", backend.endpoint("slow", Duration.ofMillis(200))),
                Map.of(ProxyConfig.Kind.SUBSCRIBE_STREAM, backend.endpoint(ProxyEndpoint.DEFAULT_NAME,
                        Duration.ofSeconds(2))), ProxyConfig.RpcRoute.OFF, Map.of(), ":");
        ChannelOptions s = TestEngine.options(b -> {
            b.proxies = new ChannelProxies(null, null, null, "default", false);
            b.presence = true;
        });
        ChannelOptions bidi = TestEngine.options(b -> b.proxies = new ChannelProxies(null, null, null, "default", true));
        ChannelOptions slow = TestEngine.options(b -> b.proxies = new ChannelProxies(null, null, null, "slow", false));
        EngineConfig config = TestEngine.config(TestEngine.namespaces("s", s, "b", bidi, "slow", slow),
                c -> TestEngine.client(c, false, false, 0)).withProxies(proxies);
        node = EngineParts.builder(config, Clock.systemUTC()).broker(new MemoryBroker(Clock.systemUTC(), null))
                .proxies(new Proxies(new StaticProxyDirectory(proxies), List.of(grpc),
                        new SubscribeStreams(proxies, List.of(grpc.streams())))).build();
    }

    @AfterEach
    void stop() {
        loop.shutdownNow();
        grpc.close();
        backend.close();
    }

    private TestClient connected(String user) {
        TestClient c = new TestClient(node, loop);
        c.connect(TestEngine.token(user));
        return c;
    }

    private static String text(ByteString b) {
        return b.toStringUtf8();
    }

    @Test
    void firstMessageDecidesThenPublicationsGoToThatClientOnly() throws Exception {
        TestClient alice = connected("alice");
        Reply r = alice.subscribe(SubscribeRequest.newBuilder().setChannel("s:room")
                .setData(ByteString.copyFromUtf8("{\"hi\":1}")));
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(text(r.getSubscribe().getData())).isEqualTo("{}");
        assertThat(r.getSubscribe().getRecoverable()).isFalse();
        assertThat(r.getSubscribe().getPositioned()).isFalse();
        StreamBackend.Stream a = backend.next();
        assertThat(a.bidirectional).isFalse();
        assertThat(a.request.getChannel()).isEqualTo("s:room");
        assertThat(a.request.getUser()).isEqualTo("alice");
        assertThat(a.request.getClient()).isEqualTo(alice.session.id());
        assertThat(a.request.getEncoding()).isEqualTo("json");
        assertThat(text(a.request.getData())).isEqualTo("{\"hi\":1}");

        TestClient bob = connected("bob");
        assertThat(bob.subscribe("s:room").hasError()).isFalse();
        StreamBackend.Stream b = backend.next();
        a.publish("{\"to\":\"alice\"}", Map.of("k", "v"));
        b.publish("{\"to\":\"bob\"}", Map.of());
        Push pa = alice.push();
        assertThat(pa.getChannel()).isEqualTo("s:room");
        assertThat(text(pa.getPub().getData())).isEqualTo("{\"to\":\"alice\"}");
        assertThat(pa.getPub().getTagsMap()).containsEntry("k", "v");
        assertThat(pa.getPub().getOffset()).isZero();
        assertThat(text(bob.push().getPub().getData())).isEqualTo("{\"to\":\"bob\"}");
        assertThat(alice.remainingPushes()).isEmpty();
        // Presence of the namespace applies to such subscriptions as to any other.
        assertThat(node.presence().presence("s:room").toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void backendErrorOrDisconnectInTheFirstMessageRefusesTheSubscription() throws Exception {
        backend.onOpen = st -> st.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(
                SubscribeResponse.newBuilder().setError(Error.newBuilder().setCode(1403).setMessage("nope"))).build());
        TestClient c = connected("alice");
        Reply r = c.subscribe("s:denied");
        assertThat(r.getError().getCode()).isEqualTo(1403);
        assertThat(r.getError().getMessage()).isEqualTo("nope");
        backend.next().cancelled.get(5, TimeUnit.SECONDS);

        backend.onOpen = st -> st.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(
                SubscribeResponse.newBuilder().setDisconnect(Disconnect.newBuilder().setCode(4501).setReason("go")))
                .build());
        c.sendAsync(Command.newBuilder().setSubscribe(SubscribeRequest.newBuilder().setChannel("s:kick")));
        assertThat(c.awaitClose().code()).isEqualTo(4501);
    }

    @Test
    void noFirstMessageInTimeIsAnInternalErrorAndTheStreamIsCancelled() throws Exception {
        backend.onOpen = st -> { };
        TestClient c = connected("alice");
        Reply r = c.subscribe("slow:x");
        assertThat(r.getError().getCode()).isEqualTo(100);
        backend.next().cancelled.get(5, TimeUnit.SECONDS);
        assertThat(c.session.subscribed("slow:x")).isFalse();
    }

    @Test
    void aFirstMessageWithoutSubscribeResponseIsAnInternalError() {
        backend.onOpen = st -> st.publish("{}", Map.of());
        TestClient c = connected("alice");
        assertThat(c.subscribe("s:x").getError().getCode()).isEqualTo(100);
    }

    @Test
    void backendEndingTheStreamUnsubscribesTheClient() throws Exception {
        TestClient c = connected("alice");
        assertThat(c.subscribe("s:done").hasError()).isFalse();
        StreamBackend.Stream st = backend.next();
        st.publish("{\"last\":true}", Map.of());
        st.complete();
        assertThat(text(c.push().getPub().getData())).isEqualTo("{\"last\":true}");
        Push u = c.push();
        assertThat(u.getUnsubscribe().getCode()).isEqualTo(2000);
        assertThat(u.getUnsubscribe().getReason()).isEqualTo("server unsubscribe");

        assertThat(c.subscribe("s:broken").hasError()).isFalse();
        backend.next().fail(Status.INTERNAL.withDescription("backend trouble"));
        Push u2 = c.push();
        assertThat(u2.getChannel()).isEqualTo("s:broken");
        assertThat(u2.getUnsubscribe().getCode()).isEqualTo(2500);
        assertThat(u2.getUnsubscribe().getReason()).isEqualTo("insufficient state");
        c.barrier();
        assertThat(c.session.subscribed("s:broken")).isFalse();
        assertThat(c.session.streams.size()).isZero();
    }

    @Test
    void unsubscribeAndDisconnectCancelTheStream() throws Exception {
        TestClient c = connected("alice");
        assertThat(c.subscribe("s:one").hasError()).isFalse();
        StreamBackend.Stream one = backend.next();
        assertThat(c.subscribe("s:two").hasError()).isFalse();
        StreamBackend.Stream two = backend.next();
        Reply u = c.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("s:one")));
        assertThat(u.hasError()).isFalse();
        one.cancelled.get(5, TimeUnit.SECONDS);
        assertThat(two.cancelled).isNotDone();
        loop.submit(() -> c.session.disconnect(io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT)).get();
        two.cancelled.get(5, TimeUnit.SECONDS);
    }

    @Test
    void bidirectionalStreamsCarryClientPublicationsUpTheStream() throws Exception {
        TestClient c = connected("alice");
        assertThat(c.subscribe("b:chat").hasError()).isFalse();
        StreamBackend.Stream st = backend.next();
        assertThat(st.bidirectional).isTrue();
        assertThat(st.request.getChannel()).isEqualTo("b:chat");
        Reply p = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("b:chat")
                .setData(ByteString.copyFromUtf8("{\"up\":1}"))));
        assertThat(p.hasError()).as("%s", p.getError()).isFalse();
        assertThat(p.hasPublish()).isTrue();
        assertThat(text(st.published.poll(5, TimeUnit.SECONDS).getData())).isEqualTo("{\"up\":1}");
        st.publish("{\"down\":1}", Map.of());
        assertThat(text(c.push().getPub().getData())).isEqualTo("{\"down\":1}");

        // Not subscribed: nothing to publish into.
        Reply none = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("b:other")
                .setData(ByteString.copyFromUtf8("{}"))));
        assertThat(none.getError().getCode()).isEqualTo(108);
    }

    @Test
    void publishingIntoAUnidirectionalStreamChannelIsNotAvailable() {
        TestClient c = connected("alice");
        assertThat(c.subscribe("s:one").hasError()).isFalse();
        Reply p = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("s:one")
                .setData(ByteString.copyFromUtf8("{}"))));
        assertThat(p.getError().getCode()).isEqualTo(108);
    }
}
