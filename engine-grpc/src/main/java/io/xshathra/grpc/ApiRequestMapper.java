package io.xshathra.grpc;

import com.google.protobuf.ByteString;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.token.SubscribeOptionOverride;
import io.xshathra.grpc.api.MapPublishRequest;
import io.xshathra.grpc.api.MapRemoveRequest;
import io.xshathra.grpc.api.BoolValue;
import io.xshathra.grpc.api.BroadcastRequest;
import io.xshathra.grpc.api.Command;
import io.xshathra.grpc.api.DisconnectRequest;
import io.xshathra.grpc.api.HistoryRequest;
import io.xshathra.grpc.api.PublishRequest;
import io.xshathra.grpc.api.RefreshRequest;
import io.xshathra.grpc.api.SubscribeRequest;
import io.xshathra.grpc.api.UnsubscribeRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Turns gRPC API requests into the executor's request records, field for field as the HTTP
 * binding does: a non-empty {@code b64*} field wins over its bytes field, and an empty bytes
 * field counts as absent. A {@code b64*} field that is not base64 makes the request
 * {@link ApiRequests.Invalid} with 107. Fields the executor has no notion of (label filters,
 * {@code all_users}, versions) are ignored, as the HTTP binding ignores them.
 */
final class ApiRequestMapper {
    private static final ApiRequests.Invalid MALFORMED = new ApiRequests.Invalid(ApiError.BAD_REQUEST);
    private static final ApiRequests.Invalid UNKNOWN = new ApiRequests.Invalid(ApiError.NOT_FOUND);

    /** A {@code b64*} field that does not decode. */
    private static final class BadBase64 extends RuntimeException {
        BadBase64() {
            super(null, null, false, false);
        }
    }

    private ApiRequestMapper() {
    }

    static ApiRequest publish(PublishRequest r) {
        try {
            return new ApiRequests.Publish(r.getChannel(), bytes(r.getData(), r.getB64Data()), r.getSkipHistory(),
                    new LinkedHashMap<>(r.getTagsMap()), r.getIdempotencyKey(), r.getDelta());
        } catch (BadBase64 e) {
            return MALFORMED;
        }
    }

    static ApiRequest mapPublish(MapPublishRequest r) {
        try {
            return new ApiRequests.MapPublish(r.getChannel(), r.getKey(), bytes(r.getData(), r.getB64Data()),
                    new LinkedHashMap<>(r.getTagsMap()), r.getIdempotencyKey(), r.getDelta(), r.getVersion(),
                    r.getVersionEpoch(), r.getKeyMode());
        } catch (BadBase64 e) {
            return MALFORMED;
        }
    }

    static ApiRequest sharedPollPublish(io.xshathra.grpc.api.SharedPollPublishRequest r) {
        try {
            return new ApiRequests.SharedPollPublish(r.getChannel(), r.getKey(), bytes(r.getData(), r.getB64Data()),
                    r.getVersion(), r.getEpoch());
        } catch (BadBase64 e) {
            return MALFORMED;
        }
    }

    static ApiRequest mapRemove(MapRemoveRequest r) {
        return new ApiRequests.MapRemove(r.getChannel(), r.getKey(), r.getIdempotencyKey());
    }

    static ApiRequest mapReadState(io.xshathra.grpc.api.MapReadStateRequest r) {
        return new ApiRequests.MapReadState(r.getChannel(), r.getCursor(), r.getLimit(), r.getKey(),
                r.getRevisionOffset(), r.getRevisionEpoch());
    }

    static ApiRequest mapReadStream(io.xshathra.grpc.api.MapReadStreamRequest r) {
        return new ApiRequests.MapReadStream(r.getChannel(), r.getSinceOffset(), r.getSinceEpoch(), r.getLimit(),
                r.getReverse());
    }

    static ApiRequest broadcast(BroadcastRequest r) {
        try {
            return new ApiRequests.Broadcast(List.copyOf(r.getChannelsList()), bytes(r.getData(), r.getB64Data()),
                    r.getSkipHistory(), new LinkedHashMap<>(r.getTagsMap()), r.getIdempotencyKey(), r.getDelta());
        } catch (BadBase64 e) {
            return MALFORMED;
        }
    }

    static ApiRequest subscribe(SubscribeRequest r) {
        try {
            StreamPosition since = r.hasRecoverSince()
                    ? new StreamPosition(r.getRecoverSince().getOffset(), r.getRecoverSince().getEpoch()) : null;
            SubscribeOptionOverride override = null;
            if (r.hasOverride()) {
                var o = r.getOverride();
                override = new SubscribeOptionOverride(flag(o.hasPresence(), o.getPresence()),
                        flag(o.hasJoinLeave(), o.getJoinLeave()),
                        flag(o.hasForcePushJoinLeave(), o.getForcePushJoinLeave()),
                        flag(o.hasForceRecovery(), o.getForceRecovery()),
                        flag(o.hasForcePositioning(), o.getForcePositioning()));
            }
            return new ApiRequests.Subscribe(new ApiRequests.Target(r.getUser(), r.getClient(), r.getSession()),
                    r.getChannel(), bytes(r.getInfo(), r.getB64Info()), bytes(r.getData(), r.getB64Data()), since,
                    r.getExpireAt(), override);
        } catch (BadBase64 e) {
            return MALFORMED;
        }
    }

    static ApiRequest unsubscribe(UnsubscribeRequest r) {
        return new ApiRequests.Unsubscribe(new ApiRequests.Target(r.getUser(), r.getClient(), r.getSession()),
                r.getChannel());
    }

    static ApiRequest disconnect(DisconnectRequest r) {
        return new ApiRequests.Disconnect(new ApiRequests.Target(r.getUser(), r.getClient(), r.getSession()),
                List.copyOf(r.getWhitelistList()), r.getDisconnect().getCode(), r.getDisconnect().getReason());
    }

    static ApiRequest refresh(RefreshRequest r) {
        return new ApiRequests.Refresh(new ApiRequests.Target(r.getUser(), r.getClient(), r.getSession()),
                r.getExpired(), r.getExpireAt(), bytes(r.getInfo(), ""));
    }

    static ApiRequest history(HistoryRequest r) {
        StreamPosition since = r.hasSince() ? new StreamPosition(r.getSince().getOffset(), r.getSince().getEpoch()) : null;
        return new ApiRequests.History(r.getChannel(), r.getLimit(), since, r.getReverse());
    }

    static ApiRequest rpc(io.xshathra.grpc.api.RPCRequest r) {
        return new ApiRequests.Rpc(r.getMethod(), bytes(r.getParams(), ""));
    }

    /** The commands of a batch; a command with no method the executor serves answers 104. */
    static ApiRequests.Batch batch(io.xshathra.grpc.api.BatchRequest r) {
        List<ApiRequest> out = new ArrayList<>(r.getCommandsCount());
        for (Command c : r.getCommandsList()) {
            out.add(command(c));
        }
        return new ApiRequests.Batch(out);
    }

    private static ApiRequest command(Command c) {
        if (c.hasPublish()) {
            return publish(c.getPublish());
        } else if (c.hasBroadcast()) {
            return broadcast(c.getBroadcast());
        } else if (c.hasSubscribe()) {
            return subscribe(c.getSubscribe());
        } else if (c.hasUnsubscribe()) {
            return unsubscribe(c.getUnsubscribe());
        } else if (c.hasDisconnect()) {
            return disconnect(c.getDisconnect());
        } else if (c.hasPresence()) {
            return new ApiRequests.Presence(c.getPresence().getChannel());
        } else if (c.hasPresenceStats()) {
            return new ApiRequests.PresenceStats(c.getPresenceStats().getChannel());
        } else if (c.hasHistory()) {
            return history(c.getHistory());
        } else if (c.hasHistoryRemove()) {
            return new ApiRequests.HistoryRemove(c.getHistoryRemove().getChannel());
        } else if (c.hasInfo()) {
            return new ApiRequests.Info();
        } else if (c.hasRpc()) {
            return rpc(c.getRpc());
        } else if (c.hasRefresh()) {
            return refresh(c.getRefresh());
        } else if (c.hasChannels()) {
            return new ApiRequests.Channels(c.getChannels().getPattern());
        } else if (c.hasMapPublish()) {
            return mapPublish(c.getMapPublish());
        } else if (c.hasMapRemove()) {
            return mapRemove(c.getMapRemove());
        } else if (c.hasMapReadState()) {
            return mapReadState(c.getMapReadState());
        } else if (c.hasMapReadStream()) {
            return mapReadStream(c.getMapReadStream());
        } else if (c.hasMapStats()) {
            return new ApiRequests.MapStats(c.getMapStats().getChannel());
        } else if (c.hasMapClear()) {
            return new ApiRequests.MapClear(c.getMapClear().getChannel());
        } else if (c.hasSharedPollPublish()) {
            return sharedPollPublish(c.getSharedPollPublish());
        }
        return UNKNOWN;
    }

    private static Boolean flag(boolean present, BoolValue v) {
        return present ? v.getValue() : null;
    }

    /** The decoded {@code b64} text when set, else the bytes; null when both are empty. */
    private static byte[] bytes(ByteString raw, String b64) {
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new BadBase64();
            }
        }
        return raw.isEmpty() ? null : raw.toByteArray();
    }
}
