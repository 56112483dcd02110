package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.grpc.api.BatchRequest;
import io.xshathra.grpc.api.BoolValue;
import io.xshathra.grpc.api.Command;
import io.xshathra.grpc.api.HistoryRequest;
import io.xshathra.grpc.api.InfoRequest;
import io.xshathra.grpc.api.PublishRequest;
import io.xshathra.grpc.api.StreamPosition;
import io.xshathra.grpc.api.SubscribeOptionOverride;
import io.xshathra.grpc.api.SubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** gRPC requests become the executor's records field for field. */
class ApiRequestMapperTest {

    @Test
    void b64DataWinsOverDataAndEmptyBytesAreAbsent() {
        var both = (ApiRequests.Publish) ApiRequestMapper.publish(PublishRequest.newBuilder().setChannel("c")
                .setData(ByteString.copyFromUtf8("1")).setB64Data(Base64.getEncoder().encodeToString(new byte[] {7}))
                .build());
        assertThat(both.data()).containsExactly(7);
        var none = (ApiRequests.Publish) ApiRequestMapper.publish(PublishRequest.newBuilder().setChannel("c").build());
        assertThat(none.data()).isNull();
        var raw = (ApiRequests.Publish) ApiRequestMapper.publish(PublishRequest.newBuilder().setChannel("c")
                .setData(ByteString.copyFromUtf8("{}")).setSkipHistory(true).putTags("a", "b")
                .setIdempotencyKey("k").setDelta(true).build());
        assertThat(new String(raw.data(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(raw.skipHistory()).isTrue();
        assertThat(raw.tags()).containsEntry("a", "b");
        assertThat(raw.idempotencyKey()).isEqualTo("k");
        assertThat(raw.delta()).isTrue();
    }

    @Test
    void badBase64IsABadRequest() {
        assertThat(ApiRequestMapper.publish(PublishRequest.newBuilder().setChannel("c").setB64Data("%").build()))
                .isEqualTo(new ApiRequests.Invalid(ApiError.BAD_REQUEST));
        assertThat(ApiRequestMapper.subscribe(SubscribeRequest.newBuilder().setChannel("c").setB64Info("!").build()))
                .isEqualTo(new ApiRequests.Invalid(ApiError.BAD_REQUEST));
    }

    @Test
    void subscribeKeepsTargetPositionAndOnlyTheOverridesSet() {
        var s = (ApiRequests.Subscribe) ApiRequestMapper.subscribe(SubscribeRequest.newBuilder().setChannel("c")
                .setUser("u").setClient("cl").setSession("se").setExpireAt(99)
                .setRecoverSince(StreamPosition.newBuilder().setOffset(5).setEpoch("e"))
                .setOverride(SubscribeOptionOverride.newBuilder().setPresence(BoolValue.newBuilder().setValue(false))
                        .setForceRecovery(BoolValue.newBuilder().setValue(true)))
                .build());
        assertThat(s.target()).isEqualTo(new ApiRequests.Target("u", "cl", "se"));
        assertThat(s.recoverSince()).isEqualTo(new io.xshathra.engine.broker.StreamPosition(5, "e"));
        assertThat(s.expireAt()).isEqualTo(99);
        assertThat(s.override().presence()).isFalse();
        assertThat(s.override().forceRecovery()).isTrue();
        assertThat(s.override().joinLeave()).isNull();
        assertThat(s.override().forcePositioning()).isNull();
        var plain = (ApiRequests.Subscribe) ApiRequestMapper.subscribe(SubscribeRequest.newBuilder().setChannel("c").build());
        assertThat(plain.override()).isNull();
        assertThat(plain.recoverSince()).isNull();
    }

    @Test
    void historyWithoutSinceHasNoPosition() {
        var h = (ApiRequests.History) ApiRequestMapper.history(HistoryRequest.newBuilder().setChannel("c").setLimit(3)
                .setReverse(true).build());
        assertThat(h.since()).isNull();
        assertThat(h.limit()).isEqualTo(3);
        assertThat(h.reverse()).isTrue();
    }

    @Test
    void aBatchCommandWithoutAServedMethodIsNotFound() {
        var b = ApiRequestMapper.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setInfo(InfoRequest.getDefaultInstance()))
                .addCommands(Command.getDefaultInstance())
                .addCommands(Command.newBuilder().setGetUserStatus(
                        io.xshathra.grpc.api.GetUserStatusRequest.getDefaultInstance()))
                .addCommands(Command.newBuilder().setMapClear(io.xshathra.grpc.api.MapClearRequest.newBuilder()
                        .setChannel("board:1")))
                .build());
        assertThat(b.commands()).hasSize(4);
        assertThat(b.commands().get(0)).isInstanceOf(ApiRequests.Info.class);
        assertThat(b.commands().get(1)).isEqualTo(new ApiRequests.Invalid(ApiError.NOT_FOUND));
        assertThat(b.commands().get(2)).isEqualTo(new ApiRequests.Invalid(ApiError.NOT_FOUND));
        assertThat(b.commands().get(3)).as("map reads are served").isEqualTo(new ApiRequests.MapClear("board:1"));
    }
}
