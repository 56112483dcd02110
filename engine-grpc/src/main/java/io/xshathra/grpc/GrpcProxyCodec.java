package io.xshathra.grpc;

import com.google.protobuf.ByteString;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.token.SubscribeOptionOverride;
import io.xshathra.grpc.proxy.BoolValue;
import io.xshathra.grpc.proxy.ConnectRequest;
import io.xshathra.grpc.proxy.ConnectResult;
import io.xshathra.grpc.proxy.Disconnect;
import io.xshathra.grpc.proxy.Error;
import io.xshathra.grpc.proxy.PublishRequest;
import io.xshathra.grpc.proxy.PublishResult;
import io.xshathra.grpc.proxy.RPCRequest;
import io.xshathra.grpc.proxy.RefreshRequest;
import io.xshathra.grpc.proxy.SubRefreshRequest;
import io.xshathra.grpc.proxy.SubscribeOptions;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.protocol.ClientError;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns proxy requests into the messages of Centrifugo's {@code proxy.proto} and its responses
 * back into {@link ProxyReply}s. Payloads go as {@code data} bytes, or as {@code b64data} for an
 * endpoint with {@code binary_encoding} (then {@code encoding} is {@code binary}); over gRPC any
 * bytes are sent, JSON or not. In replies a non-empty {@code b64…} field wins over its raw twin,
 * except for publish, where non-empty raw {@code data} wins (both as in the reference).
 */
final class GrpcProxyCodec {
    /** More server-side channels than any connection may hold is a broken reply. */
    private static final int MAX_CHANNELS = 4096;

    private GrpcProxyCodec() {
    }

    static ConnectRequest connect(ProxyRequest.Connect r, boolean binary) {
        ConnectRequest.Builder b = ConnectRequest.newBuilder().setClient(r.caller().client())
                .setTransport(r.caller().transport()).setProtocol(r.caller().protocol()).setEncoding(encoding(binary))
                .setName(nz(r.name())).setVersion(nz(r.version())).addAllChannels(r.channels());
        if (binary) {
            b.setB64Data(b64(r.data()));
        } else {
            b.setData(bytes(r.data()));
        }
        return b.build();
    }

    static RefreshRequest refresh(ProxyRequest.Refresh r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        return RefreshRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setMeta(bytes(c.meta())).build();
    }

    static SubscribeRequest subscribe(ProxyRequest.Subscribe r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        SubscribeRequest.Builder b = SubscribeRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setChannel(r.channel()).setToken(nz(r.token())).setMeta(bytes(c.meta()));
        if (binary) {
            b.setB64Data(b64(r.data()));
        } else {
            b.setData(bytes(r.data()));
        }
        return b.build();
    }

    static PublishRequest publish(ProxyRequest.Publish r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        PublishRequest.Builder b = PublishRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setChannel(r.channel()).setMeta(bytes(c.meta()));
        if (binary) {
            b.setB64Data(b64(r.data()));
        } else {
            b.setData(bytes(r.data()));
        }
        return b.build();
    }

    static io.xshathra.grpc.proxy.MapPublishRequest mapPublish(ProxyRequest.MapPublish r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        io.xshathra.grpc.proxy.MapPublishRequest.Builder b = io.xshathra.grpc.proxy.MapPublishRequest.newBuilder()
                .setClient(c.client()).setTransport(c.transport()).setProtocol(c.protocol())
                .setEncoding(encoding(binary)).setUser(nz(c.user())).setChannel(r.channel()).setKey(nz(r.key()))
                .setMeta(bytes(c.meta()));
        if (binary) {
            b.setB64Data(b64(r.data()));
        } else {
            b.setData(bytes(r.data()));
        }
        return b.build();
    }

    static io.xshathra.grpc.proxy.MapRemoveRequest mapRemove(ProxyRequest.MapRemove r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        return io.xshathra.grpc.proxy.MapRemoveRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setChannel(r.channel()).setKey(nz(r.key())).setMeta(bytes(c.meta())).build();
    }

    /** As for publish, non-empty raw {@code data} wins over {@code b64data}. */
    static ProxyResult.MapPublish mapPublishResult(io.xshathra.grpc.proxy.MapPublishResult r) {
        byte[] data = r.getData().isEmpty() ? rawOrB64(ByteString.EMPTY, r.getB64Data(), "data")
                : r.getData().toByteArray();
        return new ProxyResult.MapPublish(r.getKey(), data, r.getTagsMap(), r.getKeyMode(), r.getIdempotencyKey(),
                r.getDelta(), r.getVersion(), r.getVersionEpoch());
    }

    static ProxyResult.MapRemove mapRemoveResult(io.xshathra.grpc.proxy.MapRemoveResult r) {
        return new ProxyResult.MapRemove(r.getKey(), r.getTagsMap(), r.getIdempotencyKey());
    }

    static RPCRequest rpc(ProxyRequest.Rpc r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        RPCRequest.Builder b = RPCRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setMethod(nz(r.method())).setMeta(bytes(c.meta()));
        if (binary) {
            b.setB64Data(b64(r.data()));
        } else {
            b.setData(bytes(r.data()));
        }
        return b.build();
    }

    static SubRefreshRequest subRefresh(ProxyRequest.SubRefresh r, boolean binary) {
        ProxyRequest.Caller c = r.caller();
        return SubRefreshRequest.newBuilder().setClient(c.client()).setTransport(c.transport())
                .setProtocol(c.protocol()).setEncoding(encoding(binary)).setUser(nz(c.user()))
                .setChannel(r.channel()).setMeta(bytes(c.meta())).build();
    }

    /** A shared-poll refresh: the channel and each key with the version the node holds (0 = none). */
    static io.xshathra.grpc.proxy.SharedPollRefreshRequest sharedPollRefresh(ProxyRequest.SharedPollRefresh r) {
        var b = io.xshathra.grpc.proxy.SharedPollRefreshRequest.newBuilder().setChannel(r.channel());
        for (ProxyRequest.SharedPollRefresh.Item it : r.items()) {
            b.addItems(io.xshathra.grpc.proxy.SharedPollRefreshItem.newBuilder().setKey(it.key())
                    .setVersion(it.version()));
        }
        return b.build();
    }

    /** The changed keys of a shared-poll refresh; empty data and prev_data count as none. */
    static ProxyResult.SharedPollRefresh sharedPollRefreshResult(io.xshathra.grpc.proxy.SharedPollRefreshResult r) {
        java.util.List<ProxyResult.PollItem> items = new java.util.ArrayList<>(r.getItemsCount());
        for (io.xshathra.grpc.proxy.SharedPollRefreshResultItem it : r.getItemsList()) {
            items.add(new ProxyResult.PollItem(it.getKey(), orNull(it.getData()), it.getVersion(), it.getRemoved(),
                    orNull(it.getPrevData())));
        }
        return new ProxyResult.SharedPollRefresh(items, r.getEpoch());
    }

    /**
     * A reply from its three parts: a disconnect wins, then an error, then the result (null when
     * the backend sent none).
     */
    static <R> ProxyReply<R> reply(R result, Error error, Disconnect disconnect) {
        if (disconnect != null) {
            long code = Integer.toUnsignedLong(disconnect.getCode());
            if (code < 3000 || code > 4999) {
                throw malformed("disconnect code " + code + " is outside 3000-4999");
            }
            return new ProxyReply<>(null, null,
                    new io.xshathra.protocol.Disconnect((int) code, disconnect.getReason()));
        }
        if (error != null) {
            return new ProxyReply<>(null, new ClientError(error.getCode(), error.getMessage(), error.getTemporary()),
                    null);
        }
        return ProxyReply.of(result);
    }

    static ProxyResult.Connect connectResult(ConnectResult r) {
        if (r.getChannelsCount() > MAX_CHANNELS || r.getSubsCount() > MAX_CHANNELS) {
            throw malformed("more than " + MAX_CHANNELS + " channels or subs");
        }
        Map<String, ProxyResult.SubscribeOptions> subs = new LinkedHashMap<>();
        for (Map.Entry<String, SubscribeOptions> e : r.getSubsMap().entrySet()) {
            SubscribeOptions o = e.getValue();
            subs.put(e.getKey(), new ProxyResult.SubscribeOptions(o.getExpireAt(),
                    rawOrB64(o.getInfo(), o.getB64Info(), "info"), rawOrB64(o.getData(), o.getB64Data(), "data"),
                    o.hasOverride() ? override(o.getOverride()) : null));
        }
        return new ProxyResult.Connect(r.getUser(), r.getExpireAt(), rawOrB64(r.getInfo(), r.getB64Info(), "info"),
                rawOrB64(r.getData(), r.getB64Data(), "data"), r.getChannelsList(), subs, orNull(r.getMeta()));
    }

    static ProxyResult.Publish publishResult(PublishResult r) {
        byte[] data = r.getData().isEmpty() ? rawOrB64(ByteString.EMPTY, r.getB64Data(), "data")
                : r.getData().toByteArray();
        return new ProxyResult.Publish(data, r.getSkipHistory(), r.getTagsMap(), r.getIdempotencyKey(),
                r.getDelta());
    }

    static SubscribeOptionOverride override(io.xshathra.grpc.proxy.SubscribeOptionOverride o) {
        return new SubscribeOptionOverride(flag(o.hasPresence(), o.getPresence()),
                flag(o.hasJoinLeave(), o.getJoinLeave()), flag(o.hasForcePushJoinLeave(), o.getForcePushJoinLeave()),
                flag(o.hasForceRecovery(), o.getForceRecovery()),
                flag(o.hasForcePositioning(), o.getForcePositioning()));
    }

    private static Boolean flag(boolean has, BoolValue v) {
        return has ? v.getValue() : null;
    }

    /** A byte field, or its base64 twin when that is set; null when neither is. */
    static byte[] rawOrB64(ByteString raw, String b64, String field) {
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw malformed("b64" + field + " is not base64");
            }
        }
        return orNull(raw);
    }

    static byte[] orNull(ByteString b) {
        return b.isEmpty() ? null : b.toByteArray();
    }

    private static String encoding(boolean binary) {
        return binary ? "binary" : "json";
    }

    private static String b64(byte[] data) {
        return data == null || data.length == 0 ? "" : Base64.getEncoder().encodeToString(data);
    }

    private static ByteString bytes(byte[] data) {
        return data == null ? ByteString.EMPTY : ByteString.copyFrom(data);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static ProxyException malformed(String why) {
        return new ProxyException(ProxyException.Reason.MALFORMED, why);
    }
}
