package io.xshathra.engine.proxy;

import java.util.List;

/**
 * A call to a backend, one record per kind; the fields mirror Centrifugo's {@code proxy.proto}
 * requests (field names of the JSON body). {@code R} is the result the backend answers with.
 * Raw {@code data} is the client's payload; the transport sends it as JSON or, for endpoints with
 * {@code binary_encoding}, as {@code b64data}.
 *
 * @param <R> the result type of this kind
 */
public sealed interface ProxyRequest<R> {

    /** Who the call is for. */
    Caller caller();

    /** The proxy kind, as Centrifugo names it in logs and metrics. */
    String kind();

    /**
     * The connection a call is made for.
     *
     * @param client    client id
     * @param transport transport name ({@code websocket}, {@code sse}, …)
     * @param protocol  {@code json} or {@code protobuf}
     * @param user      user id ({@code ""} for the connect proxy and anonymous users)
     * @param meta      the connection's meta (raw JSON) when the endpoint includes it, else null
     */
    record Caller(String client, String transport, String protocol, String user, byte[] meta) {
        /** No connection: calls the server makes on its own (shared-poll refresh). */
        public static final Caller BACKGROUND = new Caller("", "", "", "", null);
    }

    /** The connect proxy: a client connected without a token. */
    record Connect(Caller caller, byte[] data, String name, String version, List<String> channels)
            implements ProxyRequest<ProxyResult.Connect> {
        public Connect {
            channels = List.copyOf(channels);
        }

        @Override
        public String kind() {
            return "connect";
        }
    }

    /** The refresh proxy: a connection's expiry is due. */
    record Refresh(Caller caller) implements ProxyRequest<ProxyResult.Refresh> {
        @Override
        public String kind() {
            return "refresh";
        }
    }

    /** The subscribe proxy: a client subscribes to a channel of a proxied namespace. */
    record Subscribe(Caller caller, String channel, String token, byte[] data)
            implements ProxyRequest<ProxyResult.Subscribe> {
        @Override
        public String kind() {
            return "subscribe";
        }
    }

    /** The publish proxy: a client publishes into a channel of a proxied namespace. */
    record Publish(Caller caller, String channel, byte[] data) implements ProxyRequest<ProxyResult.Publish> {
        @Override
        public String kind() {
            return "publish";
        }
    }

    /**
     * The map publish proxy: a client writes {@code key} of a channel of a map namespace with
     * {@code map.publish_proxy_enabled}.
     */
    record MapPublish(Caller caller, String channel, String key, byte[] data)
            implements ProxyRequest<ProxyResult.MapPublish> {
        @Override
        public String kind() {
            return "map_publish";
        }
    }

    /** The map remove proxy: a client removes {@code key} in a namespace with {@code map.remove_proxy_enabled}. */
    record MapRemove(Caller caller, String channel, String key) implements ProxyRequest<ProxyResult.MapRemove> {
        @Override
        public String kind() {
            return "map_remove";
        }
    }

    /** The RPC proxy: a client calls a method of a proxied RPC namespace. */
    record Rpc(Caller caller, String method, byte[] data) implements ProxyRequest<ProxyResult.Rpc> {
        @Override
        public String kind() {
            return "rpc";
        }
    }

    /** The sub_refresh proxy: a subscription's expiry is due. */
    record SubRefresh(Caller caller, String channel) implements ProxyRequest<ProxyResult.SubRefresh> {
        @Override
        public String kind() {
            return "sub_refresh";
        }
    }

    /**
     * The shared-poll refresh proxy: the server polls the current data of tracked keys. It is not
     * made for a connection, so its caller is {@link Caller#BACKGROUND} and the body carries only
     * the channel and the items.
     *
     * @param channel the shared-poll channel
     * @param items   the keys, each with the version the server holds (0 = send full data)
     */
    record SharedPollRefresh(Caller caller, String channel, List<Item> items)
            implements ProxyRequest<ProxyResult.SharedPollRefresh> {
        public SharedPollRefresh {
            items = List.copyOf(items);
        }

        public SharedPollRefresh(String channel, List<Item> items) {
            this(Caller.BACKGROUND, channel, items);
        }

        /** One key and the version the server holds of it. */
        public record Item(String key, long version) {
        }

        @Override
        public String kind() {
            return "shared_poll_refresh";
        }
    }
}
