package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Push;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server API executor against a real {@link ServerApi} on a memory node: every request
 * reaches the engine, failures are values, a batch answers in the order of its commands.
 */
class ApiExecutorTest {
    private static final ChannelOptions CHAT = TestEngine.options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(60);
        b.presence = true;
        b.permissions = new ChannelOptions.Permissions(true, false, false, false, false, false, false, false,
                false, false, false);
    });
    private static final ChannelOptions PLAIN = TestEngine.options(b -> {
    });

    private GatedBroker broker;
    private TestEngine engine;
    private ApiExecutor executor;

    @BeforeEach
    void start() {
        broker = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat", CHAT, "plain", PLAIN), c -> c),
                broker);
        executor = new ApiExecutor(engine.node.api());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static ApiResult run(CompletionStage<ApiResult> stage) {
        try {
            return stage.toCompletableFuture().get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ApiResult run(ApiRequest request) {
        return run(executor.execute(request));
    }

    private static ApiRequests.Publish publish(String channel, String json) {
        return new ApiRequests.Publish(channel, json.getBytes(StandardCharsets.UTF_8), false, Map.of(), "");
    }

    private static ApiRequests.Target user(String user) {
        return new ApiRequests.Target(user, "", "");
    }

    @Test
    void publishAndBroadcastReachSubscribers() {
        TestClient alice = engine.connected("alice");
        assertThat(alice.subscribe("chat:room").hasSubscribe()).isTrue();

        ApiResult published = run(publish("chat:room", "{\"n\":1}"));
        assertThat(published).isInstanceOf(ApiResult.Position.class);
        StreamPosition p = ((ApiResult.Position) published).position();
        assertThat(p.offset()).isEqualTo(1);
        assertThat(p.epoch()).isNotEmpty();
        assertThat(alice.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":1}");

        ApiResult broadcast = run(new ApiRequests.Broadcast(List.of("chat:room", "nope:x"),
                "{\"n\":2}".getBytes(StandardCharsets.UTF_8), false, Map.of(), ""));
        List<io.xshathra.engine.api.ApiResponse<StreamPosition>> responses =
                ((ApiResult.Positions) broadcast).responses();
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).result().offset()).isEqualTo(2);
        assertThat(responses.get(1).error()).isEqualTo(ApiError.UNKNOWN_CHANNEL);
        assertThat(alice.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":2}");
    }

    @Test
    void targetedRequestsReachTheTargetsConnections() {
        TestClient alice = engine.connected("alice");
        TestClient bob = engine.connected("bob");

        assertThat(run(new ApiRequests.Subscribe(user("alice"), "chat:room", null, null, null, 0, null)))
                .isSameAs(ApiResult.EMPTY);
        Push subscribed = alice.push();
        assertThat(subscribed.getChannel()).isEqualTo("chat:room");
        assertThat(subscribed.hasSubscribe()).isTrue();

        assertThat(run(new ApiRequests.Unsubscribe(user("alice"), "chat:room"))).isSameAs(ApiResult.EMPTY);
        assertThat(alice.push().getUnsubscribe().getCode()).isEqualTo(2000);

        long expireAt = Clock.systemUTC().millis() / 1000 + 3600;
        assertThat(run(new ApiRequests.Refresh(user("alice"), false, expireAt, null))).isSameAs(ApiResult.EMPTY);
        assertThat(alice.push().getRefresh().getExpires()).isTrue();

        assertThat(run(new ApiRequests.Disconnect(user("bob"), List.of(), 0, ""))).isSameAs(ApiResult.EMPTY);
        assertThat(bob.awaitClose()).isEqualTo(Disconnect.FORCE_NO_RECONNECT);

        assertThat(run(new ApiRequests.Refresh(user("alice"), true, 0, null))).isSameAs(ApiResult.EMPTY);
        assertThat(alice.awaitClose()).isEqualTo(Disconnect.EXPIRED);
    }

    @Test
    void readsAnswerWithTheirShapes() {
        TestClient alice = engine.connected("alice");
        assertThat(alice.subscribe("chat:room").hasSubscribe()).isTrue();
        run(publish("chat:room", "{\"n\":1}"));

        ApiResult presence = run(new ApiRequests.Presence("chat:room"));
        assertThat(((ApiResult.Presence) presence).clients()).containsOnlyKeys(alice.session.id());
        ApiResult counts = run(new ApiRequests.PresenceStats("chat:room"));
        assertThat(((ApiResult.PresenceCounts) counts).stats().numClients()).isEqualTo(1);
        assertThat(((ApiResult.PresenceCounts) counts).stats().numUsers()).isEqualTo(1);

        ApiResult history = run(new ApiRequests.History("chat:room", -1, null, false));
        assertThat(((ApiResult.History) history).history().publications()).hasSize(1);
        assertThat(run(new ApiRequests.HistoryRemove("chat:room"))).isSameAs(ApiResult.EMPTY);
        history = run(new ApiRequests.History("chat:room", -1, null, false));
        assertThat(((ApiResult.History) history).history().publications()).isEmpty();

        ApiResult channels = run(new ApiRequests.Channels("chat:*"));
        assertThat(((ApiResult.Channels) channels).counts()).containsExactly(Map.entry("chat:room", 1));
        assertThat(((ApiResult.Channels) run(new ApiRequests.Channels("other:*"))).counts()).isEmpty();

        ApiResult info = run(new ApiRequests.Info());
        assertThat(((ApiResult.Nodes) info).nodes()).singleElement()
                .satisfies(n -> assertThat(n.uid()).isEqualTo(engine.node.id()))
                .satisfies(n -> assertThat(n.numClients()).isEqualTo(1));
    }

    @Test
    void failuresAreValuesOneSharedPerError() {
        assertThat(run(publish("nope:x", "{}"))).isSameAs(ApiResult.failure(ApiError.UNKNOWN_CHANNEL));
        assertThat(run(publish("", "{}"))).isSameAs(ApiResult.failure(ApiError.BAD_REQUEST));
        assertThat(run(new ApiRequests.Presence("plain:x"))).isSameAs(ApiResult.failure(ApiError.NOT_AVAILABLE));
        assertThat(run(new ApiRequests.History("plain:x", 0, null, false)).error()).isEqualTo(ApiError.NOT_AVAILABLE);
        run(publish("chat:room", "{}"));
        assertThat(run(new ApiRequests.History("chat:room", 10, new StreamPosition(1, "not-the-epoch"), false))
                .error()).isEqualTo(ApiError.UNRECOVERABLE_POSITION);
        assertThat(run(new ApiRequests.Invalid(ApiError.BAD_REQUEST)).error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(ApiResult.failure(ApiError.INTERNAL).error()).isEqualTo(ApiError.INTERNAL);
        assertThat(ApiResult.EMPTY.error()).isNull();
    }

    @Test
    void rpcHasNoMethodsYet() {
        assertThat(run(new ApiRequests.Rpc("", null)).error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(run(new ApiRequests.Rpc(null, null)).error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(run(new ApiRequests.Rpc("sum", "[1,2]".getBytes(StandardCharsets.UTF_8))).error())
                .isEqualTo(ApiError.NOT_FOUND);
    }

    @Test
    void batchRepliesComeInCommandOrderEvenWhenAnEarlierOneFinishesLast() throws Exception {
        run(publish("chat:room", "{\"n\":1}"));
        broker.hold = true;
        CompletionStage<ApiResult> stage = executor.execute(new ApiRequests.Batch(List.of(
                new ApiRequests.History("chat:room", -1, null, false),
                publish("chat:room", "{\"n\":2}"),
                new ApiRequests.Invalid(ApiError.BAD_REQUEST),
                new ApiRequests.Batch(List.of(new ApiRequests.Info())),
                new ApiRequests.Rpc("", null),
                new ApiRequests.Info())));
        GatedBroker.PendingRead read = broker.nextRead();
        assertThat(stage.toCompletableFuture()).as("the held history read holds the batch").isNotDone();
        read.result().complete(read.readNow());

        List<ApiResult.Reply> replies = ((ApiResult.Replies) run(stage)).replies();
        assertThat(replies).extracting(ApiResult.Reply::method)
                .containsExactly("history", "publish", "", "batch", "rpc", "info");
        assertThat(((ApiResult.History) replies.get(0).result()).history().publications()).hasSize(2);
        assertThat(((ApiResult.Position) replies.get(1).result()).position().offset()).isEqualTo(2);
        assertThat(replies.get(2).result().error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(replies.get(3).result().error()).as("a nested batch").isEqualTo(ApiError.NOT_FOUND);
        assertThat(replies.get(4).result().error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(replies.get(5).result()).isInstanceOf(ApiResult.Nodes.class);
    }

    @Test
    void anEmptyBatchAnswersNoReplies() {
        assertThat(((ApiResult.Replies) run(new ApiRequests.Batch(List.of()))).replies()).isEmpty();
    }

    @Test
    void aProjectsExecutorAddressesOnlyThatProjectsSpace() {
        ApiExecutor a = executor.inProject("proj_A");
        assertThat(a.project()).isEqualTo("proj_A");
        assertThat(executor.project()).isEmpty();
        run(a.execute(publish("chat:room", "{\"to\":\"A\"}")));

        ApiRequests.History all = new ApiRequests.History("chat:room", -1, null, false);
        assertThat(((ApiResult.History) run(a.execute(all))).history().publications()).hasSize(1);
        assertThat(((ApiResult.History) run(all)).history().publications()).isEmpty();
        assertThat(((ApiResult.History) run(executor.inProject("proj_B").execute(all))).history().publications())
                .isEmpty();
        assertThatThrownBy(() -> executor.inProject("bad\u001Fid")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completedEngineAnswersGiveCompletedStages() {
        CompletableFuture<ApiResult> f = executor.execute(new ApiRequests.Info()).toCompletableFuture();
        assertThat(f).isDone();
        assertThat(executor.execute(new ApiRequests.Rpc("", null)).toCompletableFuture()).isDone();
    }

    @Test
    void transportErrorStatusesAreThoseOfTheCatalogue() {
        Map<ApiError, Integer> expected = Map.of(ApiError.INTERNAL, 500, ApiError.UNKNOWN_CHANNEL, 404,
                ApiError.NOT_FOUND, 404, ApiError.BAD_REQUEST, 400, ApiError.NOT_AVAILABLE, 400,
                ApiError.UNRECOVERABLE_POSITION, 416, ApiError.CONFLICT, 409);
        assertThat(ApiError.values()).hasSize(expected.size());
        for (ApiError e : ApiError.values()) {
            assertThat(e.transportStatus()).as("%s", e).isEqualTo(expected.get(e));
        }
        assertThat(ApiError.NOT_FOUND.code()).isEqualTo(104);
        assertThat(ApiError.NOT_FOUND.message()).isEqualTo("not found");
    }

    @Test
    void everyRequestKnowsItsWireMethod() {
        Map<ApiRequest, String> names = Map.ofEntries(
                Map.entry(publish("c", "{}"), "publish"),
                Map.entry(new ApiRequests.Broadcast(List.of(), null, false, null, null), "broadcast"),
                Map.entry(new ApiRequests.Subscribe(user("u"), "c", null, null, null, 0, null), "subscribe"),
                Map.entry(new ApiRequests.Unsubscribe(user("u"), "c"), "unsubscribe"),
                Map.entry(new ApiRequests.Disconnect(user("u"), List.of(), 0, ""), "disconnect"),
                Map.entry(new ApiRequests.Refresh(user("u"), false, 0, null), "refresh"),
                Map.entry(new ApiRequests.Presence("c"), "presence"),
                Map.entry(new ApiRequests.PresenceStats("c"), "presence_stats"),
                Map.entry(new ApiRequests.History("c", 0, null, false), "history"),
                Map.entry(new ApiRequests.HistoryRemove("c"), "history_remove"),
                Map.entry(new ApiRequests.Channels(""), "channels"),
                Map.entry(new ApiRequests.Info(), "info"),
                Map.entry(new ApiRequests.Rpc("m", null), "rpc"),
                Map.entry(new ApiRequests.Batch(List.of()), "batch"),
                Map.entry(new ApiRequests.MapPublish("c", "k", null, null, null, false, 0, "", ""), "map_publish"),
                Map.entry(new ApiRequests.MapRemove("c", "k", null), "map_remove"),
                Map.entry(new ApiRequests.MapReadState("c", "", 0, "", 0, ""), "map_read_state"),
                Map.entry(new ApiRequests.MapReadStream("c", 0, "", 0, false), "map_read_stream"),
                Map.entry(new ApiRequests.MapStats("c"), "map_stats"),
                Map.entry(new ApiRequests.MapClear("c"), "map_clear"),
                Map.entry(new ApiRequests.SharedPollPublish("c", "k", null, 1, ""), "shared_poll_publish"));
        names.forEach((req, name) -> assertThat(req.method()).isEqualTo(name));
        assertThat(ApiRequests.METHODS).containsExactlyInAnyOrderElementsOf(names.values());
        assertThat(new ApiRequests.Invalid(ApiError.NOT_FOUND).method()).isEmpty();
    }
}
