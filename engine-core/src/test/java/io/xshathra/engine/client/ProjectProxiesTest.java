package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.ProxyDirectory;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-project proxies: every lookup goes through the {@link ProxyDirectory}, so a project's
 * connections reach the project's own backend, and the file's proxies serve the default space only.
 */
class ProjectProxiesTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(16, 64 * 1024);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        loop.shutdownNow();
        http.close();
        backend.close();
    }

    /** Client key "key-p1" belongs to project p1. */
    private static final ProjectAuthority PROJECTS = new ProjectAuthority() {
        @Override
        public CompletionStage<Optional<String>> projectOf(String clientApiKey) {
            return CompletableFuture.completedFuture(clientApiKey.equals("key-p1") ? Optional.of("p1") : Optional.empty());
        }

        @Override
        public CompletionStage<Boolean> isActive(String projectId) {
            return CompletableFuture.completedFuture(true);
        }
    };

    private EngineConfig config(ProxyConfig proxies) {
        ChannelOptions.Builder sp = ChannelOptions.builder();
        sp.proxies = new ChannelProxies("default", null, null);
        return TestEngine.config(TestEngine.namespaces("sp", sp.build()), c -> c).withProxies(proxies);
    }

    private Node node(EngineConfig config, ProxyDirectory directory) {
        return EngineParts.builder(config, Clock.systemUTC()).projects(PROJECTS)
                .proxies(new Proxies(directory, List.of(http))).build();
    }

    private static Command.Builder withKey(String key) {
        return Command.newBuilder().setConnect(ConnectRequest.newBuilder()
                .setData(ByteString.copyFromUtf8("{\"clientApiKey\":\"" + key + "\"}")));
    }

    /** A directory that gives project p1 its own connect and subscribe endpoints. */
    private ProxyDirectory projectDirectory(ProxyConfig file) {
        StaticProxyDirectory fallback = new StaticProxyDirectory(file);
        ProxyEndpoint connect = backend.endpoint("p1-connect", "/p1/connect", T);
        ProxyEndpoint subscribe = backend.endpoint("p1-subscribe", "/p1/subscribe", T);
        return new ProxyDirectory() {
            @Override
            public ProxyEndpoint connect(String projectId) {
                return projectId.equals("p1") ? connect : fallback.connect(projectId);
            }

            @Override
            public ProxyEndpoint refresh(String projectId) {
                return fallback.refresh(projectId);
            }

            @Override
            public ProxyEndpoint subscribe(String projectId, ChannelOptions o) {
                return projectId.equals("p1") ? subscribe : fallback.subscribe(projectId, o);
            }

            @Override
            public ProxyEndpoint publish(String projectId, ChannelOptions o) {
                return fallback.publish(projectId, o);
            }

            @Override
            public ProxyEndpoint subRefresh(String projectId, ChannelOptions o) {
                return fallback.subRefresh(projectId, o);
            }

            @Override
            public RpcTarget rpc(String projectId, String method) {
                return fallback.rpc(projectId, method);
            }

            @Override
            public boolean rpcProxied(String projectId) {
                return fallback.rpcProxied(projectId);
            }
        };
    }

    @Test
    void aProjectsConnectionsReachItsOwnBackend() {
        backend.on("/p1/connect", "{\"result\": {\"user\": \"p1-user\"}}");
        backend.on("/p1/subscribe", "{\"result\": {\"data\": {\"project\": \"p1\"}}}");
        backend.on("/connect", "{\"result\": {\"user\": \"default-user\"}}");
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.SUBSCRIBE, backend.endpoint("default", "/subscribe", T));
        ProxyConfig file = new ProxyConfig(backend.endpoint("default", "/connect", T), null, Map.of(), defaults,
                ProxyConfig.RpcRoute.OFF, Map.of(), ":");
        Node node = node(config(file), projectDirectory(file));

        TestClient p1 = new TestClient(node, loop);
        Reply r = p1.call(withKey("key-p1"));
        assertThat(r.hasConnect()).as("%s", r.getError()).isTrue();
        assertThat(p1.session.projectId()).isEqualTo("p1");
        assertThat(p1.session.user()).isEqualTo("p1-user");
        assertThat(backend.next().path()).isEqualTo("/p1/connect");
        Reply sub = p1.subscribe(SubscribeRequest.newBuilder().setChannel("sp:room"));
        assertThat(sub.getSubscribe().getData().toStringUtf8()).isEqualTo("{\"project\":\"p1\"}");
        ProxyBackend.Received got = backend.next();
        assertThat(got.path()).isEqualTo("/p1/subscribe");
        assertThat(got.body().get("channel").asText()).as("the plain name, as the client sent it").isEqualTo("sp:room");

        TestClient plain = new TestClient(node, loop);
        plain.call(Command.newBuilder().setConnect(ConnectRequest.getDefaultInstance()));
        assertThat(plain.session.user()).isEqualTo("default-user");
        assertThat(backend.next().path()).isEqualTo("/connect");
    }

    @Test
    void theFilesProxiesServeTheDefaultSpaceOnly() {
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.SUBSCRIBE, backend.endpoint("default", "/subscribe", T));
        ProxyConfig file = new ProxyConfig(backend.endpoint("default", "/connect", T), null, Map.of(), defaults,
                new ProxyConfig.RpcRoute(true, "default"), Map.of(), ":");
        StaticProxyDirectory d = new StaticProxyDirectory(file);
        ChannelOptions sp = config(file).channel().namespaces().get("sp");
        assertThat(d.connect("")).isNotNull();
        assertThat(d.subscribe("", sp)).isNotNull();
        assertThat(d.connect("p1")).isNull();
        assertThat(d.subscribe("p1", sp)).isNull();
        assertThat(d.rpcProxied("p1")).isFalse();

        TestClient keyed = new TestClient(node(config(file), d), loop);
        Reply r = keyed.call(withKey("key-p1"));
        assertThat(r.hasConnect()).isTrue();
        assertThat(keyed.session.projectId()).isEqualTo("p1");
        assertThat(keyed.session.user()).as("anonymous, read-only: no connect proxy for p1").isEmpty();
        assertThat(keyed.subscribe("sp:room").getError().getCode())
                .as("no subscribe proxy for p1; the namespace's own permissions refuse").isEqualTo(103);
        assertThat(backend.receivedCount()).isZero();
    }
}
