package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.ProxyDirectory;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.engine.project.RecordingTenantEvents;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.engine.project.TenantServices;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import io.xshathra.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
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
 * The events a node produces for its projects' channels on one node (memory engine): occupancy
 * from the first and last subscriber, members of presence namespaces, client publications; never
 * for the default space, never for what a project does not want.
 */
class TenantEventsTest {
    private static final ChannelOptions.Permissions OPEN = new ChannelOptions.Permissions(true, false, false, true,
            false, false, true, false, false, true, false);
    private static final ChannelOptions CHAT = TestEngine.options(b -> {
        b.presence = true;
        b.permissions = OPEN;
    });
    private static final ChannelOptions PLAIN = TestEngine.options(b -> b.permissions = OPEN);

    private final MutableClock clock = MutableClock.atFixedInstant();
    private final RecordingTenantEvents events = new RecordingTenantEvents();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private Node node;

    @BeforeEach
    void start() {
        node = EngineParts.builder(TestEngine.config(TestEngine.namespaces("chat", CHAT, "plain", PLAIN), c -> c), clock)
                .tenants(TenantServices.local(events, clock)).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    private TestClient connected(String project, String user) {
        TestClient c = new TestClient(node, loop);
        c.connect(TestEngine.token(project.isEmpty() ? Map.of("sub", user) : Map.of("sub", user, "projectId", project)));
        return c;
    }

    private static void subscribe(TestClient c, String channel) {
        assertThat(c.subscribe(channel).hasSubscribe()).isTrue();
        c.barrier();
    }

    private static void unsubscribe(TestClient c, String channel) {
        assertThat(c.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(channel)))
                .hasUnsubscribe()).isTrue();
    }

    private static Reply publish(TestClient c, String channel, String json) {
        return c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel(channel)
                .setData(ByteString.copyFromUtf8(json))));
    }

    private static void drop(TestClient c) {
        c.transport.loop.execute(c.session::onTransportClosed);
        c.barrier();
    }

    private List<String> summary() {
        return events.events().stream().map(e -> e.kind().wireName() + " " + e.projectId() + " " + e.channel()
                + (e.client().isEmpty() ? "" : " " + e.user())).toList();
    }

    @Test
    void occupiedOnceForTheFirstSubscriberAndVacatedWhenTheLastLeaves() {
        events.want("P", Kind.CHANNEL_OCCUPIED, Kind.CHANNEL_VACATED);
        TestClient a = connected("P", "alice");
        TestClient b = connected("P", "bob");
        subscribe(a, "plain:lobby");
        subscribe(b, "plain:lobby");
        assertThat(summary()).containsExactly("channel_occupied P plain:lobby");
        TenantEvent occupied = events.events().get(0);
        assertThat(occupied.timeMs()).isEqualTo(clock.millis());
        assertThat(occupied.user()).isEmpty();
        assertThat(occupied.data()).isNull();
        unsubscribe(a, "plain:lobby");
        assertThat(events.events()).hasSize(1);
        clock.advance(Duration.ofSeconds(3));
        drop(b);
        assertThat(summary()).containsExactly("channel_occupied P plain:lobby", "channel_vacated P plain:lobby");
        assertThat(events.events().get(1).timeMs()).isEqualTo(clock.millis());
        subscribe(a, "plain:lobby");
        assertThat(events.events(Kind.CHANNEL_OCCUPIED)).hasSize(2);
    }

    @Test
    void membersOfPresenceNamespacesComeAndGoWithUserAndClient() {
        events.want("P");
        TestClient a = connected("P", "alice");
        TestClient b = connected("P", "bob");
        subscribe(a, "chat:room");
        subscribe(b, "chat:room");
        subscribe(a, "plain:room");
        unsubscribe(a, "chat:room");
        drop(b);
        List<TenantEvent> members = events.events().stream()
                .filter(e -> e.kind() == Kind.MEMBER_ADDED || e.kind() == Kind.MEMBER_REMOVED).toList();
        assertThat(members).extracting(e -> e.kind().wireName() + " " + e.channel() + " " + e.user())
                .containsExactly("member_added chat:room alice", "member_added chat:room bob",
                        "member_removed chat:room alice", "member_removed chat:room bob");
        assertThat(members.get(0).client()).isEqualTo(a.session.id());
        assertThat(members.get(3).client()).isEqualTo(b.session.id());
        assertThat(members).allSatisfy(e -> assertThat(e.projectId()).isEqualTo("P"));
    }

    @Test
    void clientPublicationsCarryTheDataButServerApiPublicationsAreNotEvents() {
        events.want("P", Kind.CLIENT_PUBLICATION);
        TestClient a = connected("P", "alice");
        subscribe(a, "plain:news");
        assertThat(publish(a, "plain:news", "{\"text\":\"hi\"}").hasPublish()).isTrue();
        node.api().inProject("P").publish(new ApiRequests.Publish("plain:news",
                "{\"from\":\"server\"}".getBytes(StandardCharsets.UTF_8), false, Map.of(), ""))
                .toCompletableFuture().join();
        a.barrier();
        assertThat(events.events()).hasSize(1);
        TenantEvent e = events.events().get(0);
        assertThat(e.kind()).isEqualTo(Kind.CLIENT_PUBLICATION);
        assertThat(e.channel()).isEqualTo("plain:news");
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.client()).isEqualTo(a.session.id());
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hi\"}");
    }

    @Test
    void aPublicationThroughThePublishProxyCarriesTheDataAsTheBackendLeftIt() throws Exception {
        try (ProxyBackend backend = new ProxyBackend();
             HttpProxyTransport http = new HttpProxyTransport(16, 64 * 1024)) {
            backend.on("/publish", req -> ProxyBackend.Answer.json(req.get("data").has("deny")
                    ? "{\"error\": {\"code\": 403, \"message\": \"no\"}}"
                    : "{\"result\": {\"data\": {\"rewritten\": true}}}"));
            ProxyEndpoint publish = backend.endpoint("p-publish", "/publish", Duration.ofSeconds(2));
            StaticProxyDirectory fallback = new StaticProxyDirectory(ProxyConfig.NONE);
            ProxyDirectory directory = (ProxyDirectory) java.lang.reflect.Proxy.newProxyInstance(
                    ProxyDirectory.class.getClassLoader(), new Class<?>[] {ProxyDirectory.class},
                    (proxy, m, args) -> m.getName().equals("publish") ? publish : m.invoke(fallback, args));
            node = EngineParts.builder(TestEngine.config(TestEngine.namespaces("plain", PLAIN), c -> c), clock)
                    .proxies(new Proxies(directory, List.of(http))).tenants(TenantServices.local(events, clock)).build();
            events.want("P", Kind.CLIENT_PUBLICATION);
            TestClient a = connected("P", "alice");
            subscribe(a, "plain:news");
            assertThat(publish(a, "plain:news", "{\"text\":\"hi\"}").hasPublish()).isTrue();
            assertThat(publish(a, "plain:news", "{\"deny\":1}").getError().getCode()).isEqualTo(403);
            a.barrier();
            assertThat(events.events()).extracting(e -> new String(e.data(), StandardCharsets.UTF_8))
                    .containsExactly("{\"rewritten\":true}");
        }
    }

    @Test
    void aRefusedPublicationIsNoEvent() {
        events.want("P", Kind.CLIENT_PUBLICATION);
        TestClient a = connected("P", "alice");
        // publishing needs a subscription in this namespace
        assertThat(publish(a, "plain:news", "{}").hasError()).isTrue();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void theDefaultSpaceNeverProducesEventsNorAsks() {
        events.want("");
        TestClient a = connected("", "alice");
        subscribe(a, "chat:room");
        publish(a, "chat:room", "{}");
        drop(a);
        assertThat(events.events()).isEmpty();
        assertThat(events.asked()).isZero();
    }

    @Test
    void nothingForKindsTheProjectDoesNotWant() {
        events.want("Q", Kind.MEMBER_ADDED);
        TestClient p = connected("P", "alice");
        TestClient q = connected("Q", "bob");
        for (TestClient c : new TestClient[] {p, q}) {
            subscribe(c, "chat:room");
            publish(c, "chat:room", "{}");
            drop(c);
        }
        assertThat(summary()).containsExactly("member_added Q chat:room bob");
    }

    @Test
    void aChannelOccupiedBeforeTheProjectWantedEventsIsVacatedWhenItEmpties() {
        TestClient a = connected("P", "alice");
        subscribe(a, "plain:lobby");
        events.want("P");
        assertThat(events.events()).isEmpty();
        drop(a);
        assertThat(summary()).containsExactly("channel_vacated P plain:lobby");
    }
}
