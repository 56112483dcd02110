package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.TrackBatch;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared-poll subscriptions end to end inside one node, polling a real HTTP backend: type-4
 * routing, subscribe, track under signatures, updates, removals, untrack and the key bound, as in
 * Centrifugo v6.9.1.
 */
class SharedPollSubscribeTest {
    private static final String SECRET = "poll-secret";
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(16, 64 * 1024);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    /** What the backend holds: key → {version, data}; a missing key is left out of answers. */
    private final Map<String, Object[]> items = new ConcurrentHashMap<>();
    private Node node;

    @BeforeEach
    void start() {
        backend.on("/poll", req -> {
            StringBuilder out = new StringBuilder("{\"result\":{\"items\":[");
            String sep = "";
            for (var it : req.get("items")) {
                Object[] v = items.get(it.get("key").asText());
                if (v != null) {
                    out.append(sep).append("{\"key\":\"").append(it.get("key").asText()).append('"')
                            .append((Long) v[0] < 0 ? ",\"removed\":true" : ",\"version\":" + v[0] + ",\"data\":" + v[1])
                            .append(v.length > 2 ? ",\"prev_data\":" + v[2] : "")
                            .append('}');
                    sep = ",";
                }
            }
            return ProxyBackend.Answer.json(out.append("]}}").toString());
        });
        SharedPollOptions poll = new SharedPollOptions(SharedPollOptions.Mode.VERSIONED, "default",
                Duration.ofMillis(100), 100, 3, Duration.ZERO, Duration.ZERO, false);
        EngineConfig base = TestEngine.config(TestEngine.namespaces(
                "poll", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.subscriptionType = SubscriptionType.SHARED_POLL;
                    b.sharedPoll = poll;
                }),
                "pub", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.subscriptionType = SubscriptionType.SHARED_POLL;
                    b.sharedPoll = new SharedPollOptions(SharedPollOptions.Mode.VERSIONED, "default",
                            Duration.ofMillis(100), 100, 3, Duration.ZERO, Duration.ZERO, true);
                }),
                "pd", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.subscriptionType = SubscriptionType.SHARED_POLL;
                    b.sharedPoll = poll;
                    b.allowedDeltaTypes = List.of("fossil");
                }),
                "plain", options(b -> b.permissions = TestEngine.subscribeOnly())),
                c -> TestEngine.client(c, false, false, 300));
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.SHARED_POLL_REFRESH, backend.endpoint("default", "/poll", T));
        ProxyConfig proxies = new ProxyConfig(null, null, Map.of(), defaults, ProxyConfig.RpcRoute.OFF, Map.of(), ":");
        EngineConfig config = base.withProxies(proxies).withSharedPoll(new SharedPollConfig(SECRET, "", 0, 0));
        node = EngineParts.builder(config, Clock.systemUTC())
                .proxies(new Proxies(new StaticProxyDirectory(proxies), List.of(http))).build();
    }

    @AfterEach
    void stop() {
        node.context().sharedPolls().close();
        loop.shutdownNow();
        http.close();
        backend.close();
    }

    private TestClient connected(String user) {
        TestClient c = new TestClient(node, loop);
        c.connect(TestEngine.token(user));
        return c;
    }

    static String sign(String user, String channel, long exp, String... keys) throws Exception {
        String iat = String.valueOf(System.currentTimeMillis() / 1000);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(String.join("\0", keys).getBytes(StandardCharsets.UTF_8)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String payload = iat + '\0' + exp + '\0' + user + '\0' + channel + '\0' + hash;
        return iat + ":" + exp + ":" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static Command.Builder track(String channel, String signature, Map<String, Long> keys) {
        TrackBatch.Builder b = TrackBatch.newBuilder().setSignature(signature);
        keys.forEach((k, v) -> b.addItems(KeyedItem.newBuilder().setKey(k).setVersion(v)));
        return Command.newBuilder().setSubRefresh(SubRefreshRequest.newBuilder().setChannel(channel).setType(1)
                .addTrack(b));
    }

    private static Command.Builder untrack(String channel, String... keys) {
        return Command.newBuilder().setSubRefresh(SubRefreshRequest.newBuilder().setChannel(channel).setType(2)
                .addAllUntrack(List.of(keys)));
    }

    private static Reply subscribe(TestClient c, String channel) {
        return c.subscribe(SubscribeRequest.newBuilder().setChannel(channel).setType(4));
    }

    @Test
    void typeFourOnAChannelThatIsNotSharedPollIsNotAvailableAndASharedPollChannelTakesNoOtherType() {
        TestClient c = connected("1");
        assertThat(subscribe(c, "plain:a").getError().getCode()).isEqualTo(108);
        assertThat(subscribe(c, "nowhere:a").getError().getCode()).as("unknown namespace").isEqualTo(108);
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:a")).getError().getCode()).isEqualTo(107);
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:a").setType(1)).getError().getCode())
                .isEqualTo(107);
        TestClient tenant = new TestClient(node, loop);
        tenant.connect(TestEngine.token(Map.of("sub", "1", "projectId", "proj_A")));
        assertThat(subscribe(tenant, "poll:a").getError().getCode()).as("a project has no poll backend").isEqualTo(108);
        assertThat(subscribe(c, "poll:a").hasError()).as("the default space has one").isFalse();
    }

    @Test
    void aTrackedKeyIsPolledAtOnceAndEveryChangeArrivesOnce() throws Exception {
        items.put("k1", new Object[] {1L, "{\"score\":42}"});
        TestClient c = connected("u");
        Reply sub = subscribe(c, "poll:a");
        assertThat(sub.hasError()).as("%s", sub.getError()).isFalse();
        assertThat(sub.getSubscribe().getType()).isEqualTo(4);
        assertThat(sub.getSubscribe().getEpoch()).as("versioned: the backend's epoch, none yet").isEmpty();
        Reply r = c.call(track("poll:a", sign("u", "poll:a", 0, "k1"), Map.of("k1", 0L)));
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(r.getSubRefresh().getExpires()).isFalse();
        Push p = c.push();
        assertThat(p.getChannel()).isEqualTo("poll:a");
        assertThat(p.getPub().getKey()).isEqualTo("k1");
        assertThat(p.getPub().getVersion()).isEqualTo(1);
        assertThat(p.getPub().getData().toStringUtf8()).isEqualTo("{\"score\":42}");
        items.put("k1", new Object[] {2L, "{\"score\":43}"});
        Push next = c.push();
        assertThat(next.getPub().getVersion()).as("the timer poll brings the change, once").isEqualTo(2);
        items.put("k1", new Object[] {-1L, null});
        Push removed = c.push();
        assertThat(removed.getPub().getRemoved()).isTrue();
        assertThat(removed.getPub().getKey()).isEqualTo("k1");
    }

    @Test
    void withDeltaTheFirstSendIsFullAndLaterOnesArePatchesAgainstTheHeldVersion() throws Exception {
        String v1 = "{\"text\":\"the quick brown fox jumps over the lazy dog, again and again\",\"n\":1}";
        String v2 = "{\"text\":\"the quick brown fox jumps over the lazy dog, again and again\",\"n\":2}";
        items.put("k", new Object[] {1L, v1});
        TestClient c = connected("u");
        Reply sub = c.subscribe(SubscribeRequest.newBuilder().setChannel("pd:a").setType(4).setDelta("fossil"));
        assertThat(sub.getSubscribe().getDelta()).isTrue();
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:z").setType(4).setDelta("fossil"))
                .getSubscribe().getDelta()).as("fossil is not allowed there").isFalse();
        Reply unknown = c.subscribe(SubscribeRequest.newBuilder().setChannel("pd:b").setType(4).setDelta("nope"));
        assertThat(unknown.hasError()).as("an unknown delta type is not negotiated, not an error").isFalse();
        assertThat(unknown.getSubscribe().getDelta()).isFalse();
        c.call(track("pd:a", sign("u", "pd:a", 0, "k"), Map.of("k", 0L)));
        Push first = c.push();
        assertThat(first.getPub().getDelta()).isFalse();
        assertThat(first.getPub().getData().toStringUtf8()).isEqualTo(v1);
        items.put("k", new Object[] {2L, v2, v1});
        Push second = c.push();
        assertThat(second.getPub().getDelta()).isTrue();
        assertThat(second.getPub().getVersion()).isEqualTo(2);
        byte[] patch = second.getPub().getData().toByteArray();
        assertThat(patch.length).isLessThan(v2.length());
        assertThat(new String(io.xshathra.engine.delta.FossilApply.apply(v1.getBytes(StandardCharsets.UTF_8), patch),
                StandardCharsets.UTF_8)).isEqualTo(v2);
        items.put("k", new Object[] {4L, v1, "{\"other\":3}"});
        Push third = c.push();
        assertThat(third.getPub().getDelta()).as("a patch not smaller than the data goes in full").isFalse();
        assertThat(third.getPub().getData().toStringUtf8()).isEqualTo(v1);
    }

    @Test
    void aMisbehavingBackendChangesNothingUntilItAnswersAgain() throws Exception {
        items.put("k", new Object[] {1L, "{}"});
        var good = backend.route("/poll");
        java.util.concurrent.atomic.AtomicInteger bad = new java.util.concurrent.atomic.AtomicInteger();
        String[] garbage = {"{\"result\": ", "{\"error\": {\"code\": 1000, \"message\": \"down\"}}",
                "{\"result\": {\"items\": [{\"key\": \"k\", \"version\": -1}]}}"};
        backend.on("/poll", req -> {
            int n = bad.getAndIncrement();
            return n == 0 ? new ProxyBackend.Answer(500, new byte[0]) : n <= garbage.length
                    ? ProxyBackend.Answer.json(garbage[n - 1]) : good.apply(req);
        });
        TestClient c = connected("u");
        subscribe(c, "poll:m");
        assertThat(c.call(track("poll:m", sign("u", "poll:m", 0, "k"), Map.of("k", 0L))).hasError()).isFalse();
        Push p = c.push();
        assertThat(bad.get()).as("four failed polls before the first good one").isGreaterThan(garbage.length);
        assertThat(p.getPub().getVersion()).isEqualTo(1);
        assertThat(c.session.isConnected()).isTrue();
    }

    @Test
    void aClientIsSentOnlyVersionsAboveTheOneItHolds() throws Exception {
        items.put("k", new Object[] {5L, "{}"});
        TestClient a = connected("u");
        subscribe(a, "poll:b");
        assertThat(a.call(track("poll:b", sign("u", "poll:b", 0, "k"), Map.of("k", 0L))).hasError()).isFalse();
        assertThat(a.push().getPub().getVersion()).isEqualTo(5);
        TestClient b = connected("u");
        subscribe(b, "poll:b");
        assertThat(b.call(track("poll:b", sign("u", "poll:b", 0, "k"), Map.of("k", 5L))).hasError()).isFalse();
        b.barrier();
        items.put("k", new Object[] {6L, "{\"v\":6}"});
        assertThat(b.push().getPub().getVersion()).as("v5 is held: the first push is v6").isEqualTo(6);
        assertThat(a.push().getPub().getVersion()).isEqualTo(6);
    }

    @Test
    void signaturesAreCheckedForUserChannelKeysAndExpiry() throws Exception {
        TestClient c = connected("u");
        subscribe(c, "poll:c");
        assertThat(c.call(track("poll:c", "bad", Map.of("k", 0L))).getError().getCode()).isEqualTo(103);
        assertThat(c.call(track("poll:c", sign("other", "poll:c", 0, "k"), Map.of("k", 0L))).getError().getCode())
                .as("signed for another user").isEqualTo(103);
        assertThat(c.call(track("poll:c", sign("u", "poll:x", 0, "k"), Map.of("k", 0L))).getError().getCode())
                .as("signed for another channel").isEqualTo(103);
        long past = System.currentTimeMillis() / 1000 - 60;
        assertThat(c.call(track("poll:c", sign("u", "poll:c", past, "k"), Map.of("k", 0L))).getError().getCode())
                .isEqualTo(109);
        long future = System.currentTimeMillis() / 1000 + 600;
        Reply ok = c.call(track("poll:c", sign("u", "poll:c", future, "k"), Map.of("k", 0L)));
        assertThat(ok.getSubRefresh().getExpires()).isTrue();
        assertThat(ok.getSubRefresh().getTtl()).isBetween(590, 600);
    }

    @Test
    void requestsOutsideTheRulesAreRefused() throws Exception {
        TestClient c = connected("u");
        assertThat(c.call(track("poll:d", sign("u", "poll:d", 0, "k"), Map.of("k", 0L))).getError().getCode())
                .as("not subscribed").isEqualTo(103);
        subscribe(c, "poll:d");
        assertThat(c.call(Command.newBuilder().setSubRefresh(SubRefreshRequest.newBuilder().setChannel("poll:d")
                .setType(1))).getError().getCode()).as("no batches").isEqualTo(107);
        assertThat(c.call(untrack("poll:d")).getError().getCode()).as("nothing to untrack").isEqualTo(107);
        assertThat(c.call(untrack("poll:d", "never")).hasError()).as("unknown keys are ignored").isFalse();
        Map<String, Long> four = new java.util.LinkedHashMap<>();
        for (String k : List.of("a", "b", "c", "d")) {
            four.put(k, 0L);
        }
        assertThat(c.call(track("poll:d", sign("u", "poll:d", 0, "a", "b", "c", "d"), four)).getError().getCode())
                .as("over max_keys_per_connection").isEqualTo(106);
    }

    @Test
    void theServerApiPublishesNewVersionsToTrackersAndChecksItsRequest() throws Exception {
        io.xshathra.engine.api.ApiExecutor api = new io.xshathra.engine.api.ApiExecutor(node.api());
        java.util.function.Function<io.xshathra.engine.api.ApiRequests.SharedPollPublish, Integer> code = r -> {
            io.xshathra.engine.api.ApiResult res = api.execute(r).toCompletableFuture().join();
            return res instanceof io.xshathra.engine.api.ApiResult.Failure f ? f.error().code() : 0;
        };
        byte[] data = "{\"n\":7}".getBytes(StandardCharsets.UTF_8);
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("poll:a", "k", data, 1, "")))
                .as("publish_enabled is off").isEqualTo(108);
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("plain:a", "k", data, 1, "")))
                .isEqualTo(107);
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("nowhere:a", "k", data, 1, "")))
                .isEqualTo(102);
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("pub:a", "", data, 1, "")))
                .isEqualTo(107);
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("pub:a", "k", data, 0, "")))
                .isEqualTo(107);
        TestClient c = connected("u");
        subscribe(c, "pub:a");
        c.call(track("pub:a", sign("u", "pub:a", 0, "k"), Map.of("k", 3L)));
        c.barrier(); // the connection joins the key's fan-out right after its reply is written
        assertThat(code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("pub:a", "k", data, 7, "")))
                .isZero();
        Push p = c.push();
        assertThat(p.getPub().getVersion()).isEqualTo(7);
        assertThat(p.getPub().getData().toStringUtf8()).isEqualTo("{\"n\":7}");
        code.apply(new io.xshathra.engine.api.ApiRequests.SharedPollPublish("pub:a", "k", data, 6, ""));
        assertThat(c.remainingPushes()).as("a lower version is not sent").isEmpty();
    }

    @Test
    void untrackAndUnsubscribeStopUpdatesAndTheChannelShutsDown() throws Exception {
        items.put("k", new Object[] {1L, "{}"});
        TestClient c = connected("u");
        subscribe(c, "poll:e");
        c.call(track("poll:e", sign("u", "poll:e", 0, "k"), Map.of("k", 0L)));
        assertThat(c.push().getPub().getVersion()).isEqualTo(1);
        assertThat(c.call(untrack("poll:e", "k")).hasError()).isFalse();
        Await.until(T, () -> node.context().sharedPolls().channelCount() == 0, "the channel shuts down");
        items.put("k", new Object[] {2L, "{}"});
        int before = backend.receivedCount();
        c.call(track("poll:e", sign("u", "poll:e", 0, "k"), Map.of("k", 1L)));
        assertThat(c.push().getPub().getVersion()).isEqualTo(2);
        assertThat(backend.receivedCount()).isGreaterThan(before);
        c.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("poll:e")));
        Await.until(T, () -> node.context().sharedPolls().channelCount() == 0, "the channel shuts down");
        assertThat(c.remainingPushes()).isEmpty();
    }
}
