package io.xshathra.engine.client;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.hub.PreparedPush;
import io.xshathra.engine.tags.TagsFilter;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes a map subscription live: registers it with the hub while buffering the channel's
 * changes, reads the stream from the client's position (modes with a stream), merges the
 * buffered changes without gaps, and answers phase 0 with the last state page and the changes
 * the client missed. After the reply the subscription's presence entries are published.
 */
final class MapLive {
    private final SessionContext ctx;

    MapLive(SessionContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Where the client goes live from.
     *
     * @param since      the client's position (the state's, or the one it recovers from)
     * @param state      the last state page, sent with the reply (empty when not coming from the state)
     * @param isRecovery the client recovers from a position it held
     * @param filter     the client's tags filter, or null
     */
    record Params(StreamPosition since, List<Publication> state, boolean isRecovery, TagsFilter filter) {
    }

    CompletionStage<CommandOutcome> goLive(ClientSession s, SubscribeRequest req, ChannelOptions o,
                                           SubscribeCommand.Grant grant, Params p) {
        String channel = req.getChannel();
        s.mapCatchUps.remove(channel);
        if (s.subscribed(channel)) {
            return ClientSession.done(CommandOutcome.error(ClientError.ALREADY_SUBSCRIBED));
        }
        MapOptions map = o.map();
        boolean positioned = map.mode().hasStream();
        String key = s.key(channel);
        boolean delta = deltaAllowed(req, o);
        SubscribeParams params = SubscribeParams.builder(channel, o).positioned(positioned).recoverable(positioned)
                .chanInfo(grant.chanInfo()).data(grant.data()).expireAt(grant.expireAt()).delta(delta).tagsFilter(p.filter()).build();
        SubscriptionState state = new SubscriptionState(s, key, params);
        state.map = map;
        state.type = req.getType();
        state.startBuffering();
        s.addSubscription(state);
        CompletionStage<Void> ready = TenantHooks.added(ctx, key, ctx.hub().add(key, state, delta))
                ? ctx.mapBroker().subscribe(key) : CompletableFuture.completedFuture(null);
        if (state.presence) {
            ready = ready.thenCompose(v -> ctx.presence().add(key, s.id, s.clientInfo(state.chanInfo)));
        }
        int liveLimit = map.paging().liveLimit();
        CompletionStage<HistoryResult> read = ready.thenCompose(v -> positioned
                ? ctx.mapBroker().readStream(key, p.since(), liveLimit + 1, map)
                : CompletableFuture.completedFuture(null));
        return s.onLoop(read, (h, e) -> {
            if (s.subscription(channel) != state) {
                return ClientSession.done(CommandOutcome.error(ClientError.INTERNAL));
            }
            if (e != null) {
                s.commands.unsubscribe.remove(s, channel);
                return ClientSession.done(CommandOutcome.error(
                        SubscribeProcedure.unwrap(e) instanceof UnrecoverablePositionException
                                ? ClientError.UNRECOVERABLE_POSITION : ClientError.INTERNAL));
            }
            return ClientSession.done(finish(s, req, state, p, h, liveLimit));
        });
    }

    private CommandOutcome finish(ClientSession s, SubscribeRequest req, SubscriptionState state, Params p,
                                  HistoryResult h, int liveLimit) {
        StreamPosition top = p.since();
        List<Publication> pubs = new ArrayList<>();
        long latest = top.offset();
        if (h != null) {
            top = h.top();
            boolean epochChanged = (p.isRecovery() || !p.since().epoch().isEmpty())
                    && !p.since().epoch().equals(top.epoch());
            if (epochChanged || h.publications().size() > liveLimit) {
                s.commands.unsubscribe.remove(s, state.channel);
                return CommandOutcome.error(ClientError.UNRECOVERABLE_POSITION);
            }
            pubs.addAll(io.xshathra.engine.broker.MapTimes.withoutTime(h.publications()));
            latest = Math.max(top.offset(), pubs.isEmpty() ? 0 : pubs.get(pubs.size() - 1).getOffset());
            latest = mergeBuffered(state, top.epoch(), latest, pubs);
            if (latest < 0) {
                s.commands.unsubscribe.remove(s, state.channel);
                return CommandOutcome.disconnect(Disconnect.INSUFFICIENT_STATE);
            }
            // Filtered after the position is known: the client moves past the changes it skips.
            // Unlike live pushes, the catch-up is filtered for delta subscribers too (as in Centrifugo).
            pubs = MapSubscribeCommand.filtered(pubs, p.filter());
        } else if (state.bufferOverflowed) {
            s.commands.unsubscribe.remove(s, state.channel);
            return CommandOutcome.disconnect(Disconnect.INSUFFICIENT_STATE);
        }
        SubscribeResult.Builder res = SubscribeResult.newBuilder().setType(req.getType()).setPhase(0)
                .setEpoch(top.epoch()).setOffset(latest);
        if (state.delta) {
            res.setDelta(true).addAllState(MapDeltaPublications.state(p.state(), s.protocol()))
                    .addAllPublications(MapDeltaPublications.changes(pubs, s.protocol()));
        } else {
            res.addAllState(p.state()).addAllPublications(pubs);
        }
        if (state.positioned) {
            res.setRecoverable(true);
        }
        if (p.isRecovery() && req.getRecover()) {
            res.setWasRecovering(true).setRecovered(true);
        }
        if (state.expireAt > 0) {
            res.setExpires(true).setTtl((int) Math.max(0, state.expireAt - ctx.clock().millis() / 1000));
        }
        state.epoch = top.epoch();
        state.offset = latest;
        state.positionCheckedAt = ctx.clock().millis();
        ctx.metrics().subscribed();
        return CommandOutcome.reply(Reply.newBuilder().setSubscribe(res), () -> afterWrite(s, state));
    }

    /**
     * Adds the changes buffered while the stream was read to {@code pubs}: those the read already
     * covered are skipped, the rest must continue it without a gap in the same epoch.
     *
     * @return the position the client is at, or -1 on a gap or an overflowed buffer
     */
    private static long mergeBuffered(SubscriptionState state, String epoch, long latest, List<Publication> pubs) {
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
            if (!push.position().epoch().equals(epoch) || offset > latest + 1) {
                return -1;
            }
            if (offset == latest + 1) {
                pubs.add(push.publication());
                latest = offset;
            }
        }
        state.buffer = rest;
        return latest;
    }

    /** Fossil delta when the client asks for it and the namespace allows it. */
    static boolean deltaAllowed(SubscribeRequest req, ChannelOptions o) {
        return "fossil".equals(req.getDelta()) && o.allowedDeltaTypes().contains("fossil");
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
        if (s.subscription(state.channel) == state) {
            MapPresence.add(ctx, s, state);
            TenantHooks.memberAdded(ctx, s, state);
            if (state.joinLeave) {
                ctx.broker().publishJoin(state.key, s.clientInfo(state.chanInfo));
            }
        }
    }
}
