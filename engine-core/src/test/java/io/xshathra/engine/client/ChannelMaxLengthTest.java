package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceRequest;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code channel.max_length} (255 bytes by default) holds for every command that names a channel
 * and reads or creates its state, client and server API alike: a longer name is error 107 and
 * leaves nothing behind; a name of exactly the limit is served.
 */
class ChannelMaxLengthTest {
    private static final ChannelOptions CHAT = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.presence = true;
    });
    private static final int MAX = 255;

    private TestEngine engine;
    private MemoryBroker broker;
    private TestClient client;

    enum Kind { SUBSCRIBE, PUBLISH, PRESENCE, PRESENCE_STATS, HISTORY }

    @BeforeEach
    void start() {
        EngineConfig config = TestEngine.config(TestEngine.namespaces("chat", CHAT),
                c -> TestEngine.client(c, false, true, 300));
        broker = new MemoryBroker(Clock.systemUTC(), null);
        engine = new TestEngine(config, broker);
        client = engine.connected("alice");
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    /** A channel in the chat namespace of exactly {@code bytes} UTF-8 bytes. */
    private static String channel(int bytes) {
        return "chat:" + "x".repeat(bytes - "chat:".length());
    }

    private static Command.Builder command(Kind kind, String ch) {
        Command.Builder c = Command.newBuilder();
        return switch (kind) {
            case SUBSCRIBE -> c.setSubscribe(SubscribeRequest.newBuilder().setChannel(ch).setRecoverable(true));
            case PUBLISH -> c.setPublish(PublishRequest.newBuilder().setChannel(ch)
                    .setData(ByteString.copyFromUtf8("{}")));
            case PRESENCE -> c.setPresence(PresenceRequest.newBuilder().setChannel(ch));
            case PRESENCE_STATS -> c.setPresenceStats(PresenceStatsRequest.newBuilder().setChannel(ch));
            case HISTORY -> c.setHistory(HistoryRequest.newBuilder().setChannel(ch).setLimit(0));
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientCommandOnATooLongChannelIsBadRequest(Kind kind) {
        Reply r = client.call(command(kind, channel(MAX + 1)));
        assertThat(r.hasError()).as("%s: %s", kind, r).isTrue();
        assertThat(r.getError().getCode()).isEqualTo(107);
        assertThat(broker.streamCount()).isZero();
        assertThat(engine.node.hub().numChannels()).isZero();
        assertThat(client.transport.closed).isNotDone();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientCommandOnAChannelOfExactlyTheLimitIsServed(Kind kind) {
        Reply r = client.call(command(kind, channel(MAX)));
        assertThat(r.hasError()).as("%s: %s", kind, r).isFalse();
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        String ch = "chat:" + "é".repeat(126); // 5 + 252 bytes, 131 characters
        Reply r = client.call(command(Kind.PUBLISH, ch));
        assertThat(r.getError().getCode()).isEqualTo(107);
    }

    private static <T> ApiError apiError(CompletionStage<ApiResponse<T>> s) {
        return s.toCompletableFuture().join().error();
    }

    @Test
    void everyServerApiMethodThatNamesAChannelRefusesATooLongOne() {
        ServerApi api = engine.node.api();
        String tooLong = channel(MAX + 1);
        Function<String, ApiRequests.Publish> publish = ch -> new ApiRequests.Publish(ch, "{}".getBytes(), false,
                null, null);
        assertThat(apiError(api.publish(publish.apply(tooLong)))).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(api.broadcast(new ApiRequests.Broadcast(java.util.List.of(tooLong), "{}".getBytes(), false, null,
                null)).toCompletableFuture().join().result().get(0).error()).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(apiError(api.subscribe(new ApiRequests.Subscribe(new ApiRequests.Target("alice", null, null),
                tooLong, null, null, null, 0, null)))).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(apiError(api.presence(tooLong))).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(apiError(api.presenceStats(tooLong))).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(apiError(api.history(new ApiRequests.History(tooLong, 0, null, false))))
                .isEqualTo(ApiError.BAD_REQUEST);
        assertThat(apiError(api.historyRemove(tooLong))).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(broker.streamCount()).isZero();

        String fits = channel(MAX);
        assertThat(apiError(api.publish(publish.apply(fits)))).isNull();
        assertThat(apiError(api.history(new ApiRequests.History(fits, 0, null, false)))).isNull();
        assertThat(apiError(api.presence(fits))).isNull();
    }
}
