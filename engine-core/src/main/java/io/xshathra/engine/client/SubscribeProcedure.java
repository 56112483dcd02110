package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.hub.PreparedPush;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.SubscribeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Sets up one subscription, client- or server-side: registers it (buffering live publications
 * when positioned), adds presence, reads the stream top or recovers missed publications, and
 * builds the {@link SubscribeResult}. The caller writes the result and then runs
 * {@link Outcome#afterWrite()}, which flushes the buffered publications and publishes the join.
 */
final class SubscribeProcedure {
    private final SessionContext ctx;

    SubscribeProcedure(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** Result, client error or disconnect of a subscription set-up. */
    record Outcome(SubscribeResult result, ClientError error, Disconnect disconnect, Runnable afterWrite) {
        static Outcome failed(ClientError error) {
            return new Outcome(null, error, null, null);
        }

        static Outcome closed(Disconnect disconnect) {
            return new Outcome(null, null, disconnect, null);
        }
    }

    private record Recovery(HistoryResult history, boolean recovered) {
    }

    /** Runs on the session's event loop; the returned stage completes there too. */
    CompletionStage<Outcome> run(ClientSession s, SubscribeParams p) {
        String key = s.key(p.channel());
        SubscriptionState state = new SubscriptionState(s, key, p);
        if (state.positioned) {
            state.startBuffering();
        }
        s.addSubscription(state);
        CompletionStage<Void> ready = TenantHooks.added(ctx, key, ctx.hub().add(key, state, p.delta()))
                ? ctx.broker().subscribe(key) : CompletableFuture.completedFuture(null);
        if (state.presence) {
            ready = ready.thenCompose(v -> ctx.presence().add(key, s.id, s.clientInfo(state.chanInfo)));
        }
        CompletionStage<Recovery> recovery = ready.thenCompose(v -> state.positioned
                ? readPosition(key, p) : CompletableFuture.completedFuture(null));
        CompletableFuture<Recovery> f = recovery.toCompletableFuture();
        if (f.isDone()) {
            return CompletableFuture.completedFuture(finish(s, state, p, f));
        }
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        f.whenComplete((r, e) -> s.execute(() -> out.complete(finish(s, state, p, f))));
        return out;
    }

    private Duration metaTtl(SubscribeParams p) {
        Duration ns = p.options().historyMetaTtl();
        return ns == null || ns.isZero() ? ctx.config().channel().historyMetaTtl() : ns;
    }

    private CompletionStage<Recovery> readPosition(String key, SubscribeParams p) {
        Duration metaTtl = metaTtl(p);
        if (!p.recoverable() || !p.recover()) {
            return ctx.broker().history(key, HistoryQuery.top(metaTtl)).thenApply(h -> new Recovery(h, false));
        }
        if (p.options().recoveryMode() == ChannelOptions.RecoveryMode.CACHE) {
            // With a tags filter the latest publication the client may see can be older than the
            // stream's last one: read back as far as recovery may go.
            int back = p.tagsFilter() == null ? 1 : noneMeansAll(ctx.config().client().recoveryMaxPublicationLimit());
            return ctx.broker().history(key, new HistoryQuery(null, back, true, metaTtl))
                    .thenApply(h -> cacheRecovery(h, p));
        }
        int limit = ctx.config().client().recoveryMaxPublicationLimit();
        HistoryQuery q = new HistoryQuery(new StreamPosition(p.offset(), p.epoch()), limit, false, metaTtl);
        return ctx.broker().history(key, q)
                .thenApply(h -> new Recovery(h, recovered(h, p.offset())))
                .exceptionallyCompose(e -> {
                    if (unwrap(e) instanceof UnrecoverablePositionException) {
                        return ctx.broker().history(key, HistoryQuery.top(metaTtl))
                                .thenApply(h -> new Recovery(h, false));
                    }
                    return CompletableFuture.failedFuture(e);
                });
    }

    /**
     * Cache mode: the client only needs the latest publication. Recovered when the stream's last
     * publication is still retained (it is returned unless the client already has exactly that
     * position), or when the stream is empty and the client already had the same position.
     */
    private static Recovery cacheRecovery(HistoryResult h, SubscribeParams p) {
        StreamPosition top = h.top();
        boolean clientAtTop = p.offset() > 0 && p.offset() == top.offset() && p.epoch().equals(top.epoch());
        List<Publication> newestFirst = h.publications();
        Publication visible = firstVisible(newestFirst, p);
        if (visible == null) {
            return new Recovery(new HistoryResult(List.of(), top), clientAtTop);
        }
        if (newestFirst.get(0).getOffset() != top.offset()) {
            return new Recovery(new HistoryResult(List.of(), top), false);
        }
        return new Recovery(new HistoryResult(clientAtTop ? List.of() : List.of(visible), top), true);
    }

    /** The newest publication the subscriber's tags filter lets through (the newest one without a filter). */
    private static Publication firstVisible(List<Publication> newestFirst, SubscribeParams p) {
        for (Publication pub : newestFirst) {
            if (p.tagsFilter() == null || p.tagsFilter().matches(pub.getTagsMap())) {
                return pub;
            }
        }
        return null;
    }

    private static int noneMeansAll(int limit) {
        return limit > 0 ? limit : -1;
    }

    /** The recovered publications the subscriber's tags filter lets through. */
    private static List<Publication> visible(List<Publication> pubs, SubscriptionState state) {
        if (state.tagsFilter == null) {
            return pubs;
        }
        List<Publication> out = new ArrayList<>(pubs.size());
        for (Publication pub : pubs) {
            if (state.passes(pub)) {
                out.add(pub);
            }
        }
        return out;
    }

    /** Recovered when nothing was missed, or the missed run starts right after the client's offset and reaches the top. */
    private static boolean recovered(HistoryResult h, long clientOffset) {
        List<Publication> pubs = h.publications();
        if (pubs.isEmpty()) {
            return h.top().offset() == clientOffset;
        }
        return pubs.get(0).getOffset() == clientOffset + 1
                && pubs.get(pubs.size() - 1).getOffset() == h.top().offset();
    }

    private Outcome finish(ClientSession s, SubscriptionState state, SubscribeParams p,
                           CompletableFuture<Recovery> f) {
        if (s.subscription(p.channel()) != state) {
            return Outcome.failed(ClientError.INTERNAL);
        }
        Recovery r;
        try {
            r = f.join();
        } catch (CompletionException e) {
            s.commands.unsubscribe.remove(s, p.channel());
            return Outcome.failed(ClientError.INTERNAL);
        }
        SubscribeResult.Builder res = SubscribeResult.newBuilder();
        if (p.expireAt() > 0) {
            res.setExpires(true).setTtl((int) Math.max(0, p.expireAt() - ctx.clock().millis() / 1000));
        }
        if (p.data() != null) {
            res.setData(ByteString.copyFrom(p.data()));
        }
        res.setWasRecovering(p.recover());
        if (p.delta()) {
            res.setDelta(true);
        }
        if (state.positioned) {
            StreamPosition top = r.history().top();
            res.setPositioned(true).setRecoverable(state.recoverable).setEpoch(top.epoch()).setOffset(top.offset());
            if (!r.recovered() && p.recover() && p.recoverable() && p.rejectUnrecovered()) {
                s.commands.unsubscribe.remove(s, p.channel());
                return Outcome.failed(ClientError.UNRECOVERABLE_POSITION);
            }
            List<Publication> merged = new ArrayList<>(r.recovered() ? visible(r.history().publications(), state)
                    : List.of());
            long last = mergeBuffered(state, top, merged, r.recovered());
            if (last < 0) {
                s.commands.unsubscribe.remove(s, p.channel());
                return Outcome.closed(Disconnect.INSUFFICIENT_STATE);
            }
            if (r.recovered()) {
                res.setRecovered(true).setOffset(p.offset()).addAllPublications(p.delta()
                        ? DeltaPublications.recovered(merged, s.protocol()) : merged);
                // The client now holds the last recovered publication: live ones may follow as patches.
                state.deltaBase = merged.isEmpty() ? 0 : merged.get(merged.size() - 1).getOffset();
            }
            state.epoch = top.epoch();
            state.offset = last;
            state.positionCheckedAt = ctx.clock().millis();
        }
        ctx.metrics().subscribed();
        return new Outcome(res.build(), null, null, () -> afterWrite(s, state));
    }

    /**
     * Checks the publications buffered during set-up against the stream top: they must continue
     * it without a gap and in the same epoch. When recovering they join the recovered
     * publications in the reply (and leave the buffer); otherwise they stay buffered and are
     * delivered right after the reply.
     *
     * @return the position the client will be at, or -1 on a gap or an overflowing buffer
     *         (insufficient state)
     */
    private static long mergeBuffered(SubscriptionState state, StreamPosition top, List<Publication> merged,
                                      boolean recovered) {
        long last = top.offset();
        if (state.buffer == null) {
            return last;
        }
        if (state.bufferOverflowed) {
            return -1;
        }
        List<PreparedPush> rest = new ArrayList<>();
        for (PreparedPush push : state.buffer) {
            long offset = push.position().offset();
            if (offset == 0) {
                rest.add(push);
                continue;
            }
            if (!push.position().epoch().equals(top.epoch()) || offset > last + 1) {
                return -1;
            }
            if (offset <= last) {
                continue;
            }
            last = offset;
            if (recovered) {
                if (state.passes(push.publication())) {
                    merged.add(push.publication());
                }
            } else {
                rest.add(push);
            }
        }
        state.buffer = rest;
        return recovered ? last : top.offset();
    }

    private void afterWrite(ClientSession s, SubscriptionState state) {
        List<PreparedPush> buffered = state.buffer;
        state.buffer = null;
        if (buffered != null) {
            for (PreparedPush push : buffered) {
                if (s.subscription(state.channel) != state) {
                    return;
                }
                s.deliverPositioned(state, push);
            }
        }
        if (s.subscription(state.channel) != state) {
            return;
        }
        TenantHooks.memberAdded(ctx, s, state);
        if (state.joinLeave) {
            ctx.broker().publishJoin(state.key, s.clientInfo(state.chanInfo));
        }
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
