package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.StreamProxyTransport;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A connection's subscriptions through a subscribe stream proxy, as Centrifugo serves them: the
 * backend's first stream message decides the subscription; the later ones are publications
 * written to this connection only (no broker, no history, no offsets), starting once the
 * subscribe reply is written; a stream the backend completes unsubscribes the client with 2000
 * ({@code server unsubscribe}), one that fails with 2500 ({@code insufficient state}, the client
 * resubscribes). Unsubscribing or disconnecting cancels the stream. With a bidirectional stream
 * the client's publications into the channel go up the stream instead of to the broker.
 *
 * <p>Created by the session when it first subscribes through a stream proxy; touched only on the
 * session's event loop. At most one stream per channel, so no more than the channel limit (plus
 * the one being set up). Publications not yet written are at most
 * {@link StreamProxyTransport#WINDOW} per stream: each is acknowledged only once written, and the
 * transport's write queue disconnects a slow client as for any other push.
 */
final class StreamSubscriptions {
    private final ClientSession s;
    private final Map<String, Stream> streams = new HashMap<>();

    StreamSubscriptions(ClientSession s) {
        this.s = s;
    }

    /** Subscribes through the stream proxy {@code ep}: opens the stream and waits for its first message. */
    CompletionStage<CommandOutcome> subscribe(SubscribeRequest req, ResolvedChannel rc, ProxyEndpoint ep) {
        String channel = req.getChannel();
        cancel(channel);
        Stream st = new Stream(channel);
        ProxyRequest.Subscribe call = new ProxyRequest.Subscribe(ProxyCalls.caller(s, ep), channel, req.getToken(),
                req.getData().isEmpty() ? null : req.getData().toByteArray());
        try {
            st.call = s.ctx.proxies().streams().open(ep, s.callHeaders(), call,
                    rc.options().proxies().streamBidirectional(), st);
        } catch (ProxyException e) {
            ProxyCalls.logFailure(s, "subscribe stream proxy", ep, e);
            return ClientSession.done(CommandOutcome.error(ClientError.INTERNAL));
        }
        streams.put(channel, st);
        return s.onLoop(st.first, (reply, e) -> {
            if (streams.get(channel) != st || !s.isConnected()) {
                drop(st);
                return ClientSession.done(CommandOutcome.none());
            }
            if (e != null) {
                drop(st);
                ProxyCalls.logFailure(s, "subscribe stream proxy", ep, e);
                return ClientSession.done(CommandOutcome.error(ClientError.INTERNAL));
            }
            if (reply.disconnect() != null || reply.error() != null) {
                drop(st);
                return ClientSession.done(reply.disconnect() != null ? CommandOutcome.disconnect(reply.disconnect())
                        : CommandOutcome.error(reply.error()));
            }
            return granted(req, rc, st, reply.result());
        });
    }

    /**
     * The backend accepted: a plain subscription (hub, presence, join/leave as the namespace and
     * the result's overrides say) without positioning or recovery, as in the reference.
     */
    private CompletionStage<CommandOutcome> granted(SubscribeRequest req, ResolvedChannel rc, Stream st,
                                                    ProxyResult.Subscribe r) {
        if (req.hasTf()) {
            drop(st);
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        ChannelOptions o = r == null ? rc.options() : Overrides.apply(rc.options(), r.override());
        long expireAt = r == null ? 0 : r.expireAt();
        if (expireAt > 0 && expireAt <= s.ctx.clock().millis() / 1000) {
            drop(st);
            return ClientSession.done(CommandOutcome.error(ClientError.EXPIRED));
        }
        SubscribeParams p = SubscribeParams.builder(req.getChannel(), o).positioned(false).recoverable(false)
                .pushJoinLeave(o.forcePushJoinLeave()).chanInfo(r == null ? null : r.info())
                .data(r == null ? null : r.data()).expireAt(expireAt).build();
        return s.commands.procedure.run(s, p).thenApply(out -> {
            if (out.disconnect() != null || out.error() != null) {
                drop(st);
                return out.disconnect() != null ? CommandOutcome.disconnect(out.disconnect())
                        : CommandOutcome.error(out.error());
            }
            return CommandOutcome.reply(Reply.newBuilder().setSubscribe(out.result()), () -> {
                if (out.afterWrite() != null) {
                    out.afterWrite().run();
                }
                ready(st);
            });
        });
    }

    /** A client publication into a stream-proxied channel: up a bidirectional stream, else 108. */
    static CompletionStage<CommandOutcome> publish(ClientSession s, PublishRequest req, ChannelOptions o) {
        if (s.readOnly()) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        Stream st = !o.proxies().streamBidirectional() || s.streams == null ? null
                : s.streams.streams.get(req.getChannel());
        if (st == null || !st.ready) {
            return ClientSession.done(CommandOutcome.error(ClientError.NOT_AVAILABLE));
        }
        if (!st.call.publish(req.getData().toByteArray())) {
            return ClientSession.done(CommandOutcome.error(ClientError.INTERNAL));
        }
        return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
    }

    /** The subscription to {@code channel} is gone: its stream (if any) is cancelled. */
    void cancel(String channel) {
        Stream st = streams.remove(channel);
        if (st != null && st.call != null) {
            st.call.cancel();
        }
    }

    /** The connection closed: every stream is cancelled. */
    void cancelAll() {
        for (String channel : List.copyOf(streams.keySet())) {
            cancel(channel);
        }
    }

    /** Streams open (set up or being set up). */
    int size() {
        return streams.size();
    }

    private void drop(Stream st) {
        streams.remove(st.channel, st);
        st.call.cancel();
    }

    /** The subscribe reply is written: publications that came early go out, then the live ones. */
    private void ready(Stream st) {
        if (streams.get(st.channel) != st) {
            return;
        }
        st.ready = true;
        while (!st.early.isEmpty() && st.ready) {
            write(st, st.early.poll());
        }
        if (st.endedWith != null && streams.get(st.channel) == st) {
            ended(st, st.endedWith);
        }
    }

    private void onPublication(Stream st, Publication pub) {
        if (streams.get(st.channel) != st) {
            return;
        }
        if (!st.ready) {
            // At most WINDOW: nothing is acknowledged until written.
            st.early.add(pub);
            return;
        }
        write(st, pub);
    }

    private void write(Stream st, Publication pub) {
        if (!s.subscribed(st.channel) || streams.get(st.channel) != st) {
            return;
        }
        s.writePush(Push.newBuilder().setChannel(st.channel).setPub(pub).build());
        st.call.ack();
    }

    /** The backend ended the stream ({@code eof}) or it failed; the client is unsubscribed. */
    private void onClose(Stream st, boolean eof) {
        if (streams.get(st.channel) != st) {
            return;
        }
        if (!st.ready) {
            // As in the reference: the client hears of it once the subscribe reply is written.
            st.endedWith = eof;
            return;
        }
        ended(st, eof);
    }

    private void ended(Stream st, boolean eof) {
        streams.remove(st.channel, st);
        if (eof) {
            s.serverUnsubscribe(st.channel, 2000, "server unsubscribe");
        } else {
            s.serverUnsubscribe(st.channel, 2500, "insufficient state");
        }
    }

    /** One stream; its listener methods run on a transport thread and hop to the event loop. */
    private final class Stream implements StreamProxyTransport.Listener {
        final String channel;
        final CompletableFuture<ProxyReply<ProxyResult.Subscribe>> first = new CompletableFuture<>();
        final ArrayDeque<Publication> early = new ArrayDeque<>();
        StreamProxyTransport.Call call;
        boolean ready;
        /** The stream ended before the subscription was ready: true = by the backend, false = failed. */
        Boolean endedWith;

        Stream(String channel) {
            this.channel = channel;
        }

        @Override
        public void onReply(ProxyReply<ProxyResult.Subscribe> reply) {
            first.complete(reply);
        }

        @Override
        public void onPublication(byte[] data, Map<String, String> tags) {
            Publication pub = Publication.newBuilder().setData(ByteString.copyFrom(data)).putAllTags(tags).build();
            s.execute(() -> StreamSubscriptions.this.onPublication(this, pub));
        }

        @Override
        public void onClose(Throwable error) {
            if (first.completeExceptionally(error != null ? error
                    : new ProxyException(ProxyException.Reason.MALFORMED, "stream ended without a subscribe response"))) {
                return;
            }
            s.execute(() -> StreamSubscriptions.this.onClose(this, error == null));
        }
    }
}
