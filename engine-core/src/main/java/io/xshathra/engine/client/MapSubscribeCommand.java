package io.xshathra.engine.client;

import io.xshathra.engine.broker.MapStateQuery;
import io.xshathra.engine.broker.MapStateResult;
import io.xshathra.engine.broker.MapTimes;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.tags.InvalidTagsFilterException;
import io.xshathra.engine.tags.TagsFilter;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A map subscribe ({@code type} 1, 2 or 3) as the SDK drives it: state pages (phase 2), then, in
 * modes with a stream, stream pages (phase 1), until the server answers live (phase 0) with the
 * subscription in place. The first request is authorized like any subscribe; later pages
 * continue the {@link MapCatchUp} it left in the session. A client holding a position may start
 * at the stream phase (recovery) or ask to go live directly.
 *
 * <p>A tags filter ({@code tf}) given on the first request applies to every state page, every
 * stream page and the live subscription: entries and changes whose tags it rejects are left out
 * (pages may come back shorter than asked, the cursor and offsets still move on). The request that
 * goes live may carry its own filter, which then replaces the first one.
 */
final class MapSubscribeCommand {
    static final int PHASE_LIVE = 0;
    static final int PHASE_STREAM = 1;
    static final int PHASE_STATE = 2;

    private final SessionContext ctx;
    private final MapLive live;

    MapSubscribeCommand(SessionContext ctx) {
        this.ctx = ctx;
        this.live = new MapLive(ctx);
    }

    /** A request continuing a catch-up (a later page), or null when it needs authorizing first. */
    CompletionStage<CommandOutcome> continuation(ClientSession s, SubscribeRequest req) {
        MapCatchUp c = s.mapCatchUps.get(req.getChannel());
        if (req.getCursor().isEmpty() && (req.getPhase() == PHASE_STATE || c == null)) {
            return null;
        }
        if (c == null) {
            return error(ClientError.PERMISSION_DENIED);
        }
        if (c.expired(ctx.clock().millis())) {
            s.mapCatchUps.remove(req.getChannel());
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.SLOW));
        }
        return switch (req.getPhase()) {
            case PHASE_STATE -> state(s, req, c);
            case PHASE_STREAM -> stream(s, req, c);
            case PHASE_LIVE -> {
                if (!req.getEpoch().isEmpty() && !c.epoch.isEmpty() && !req.getEpoch().equals(c.epoch)) {
                    yield fail(s, req, ClientError.UNRECOVERABLE_POSITION);
                }
                yield goLive(s, req, c, recovery(req, c.filter));
            }
            default -> fail(s, req, ClientError.BAD_REQUEST);
        };
    }

    /** A first request, authorized: {@code grant} holds what the namespace or token granted. */
    CompletionStage<CommandOutcome> start(ClientSession s, SubscribeRequest req, SubscribeCommand.Grant grant,
                                          TagsFilter filter) {
        ChannelOptions o = grant.options();
        long now = ctx.clock().millis();
        s.mapCatchUps.values().removeIf(c -> c.expired(now));
        if (s.mapCatchUps.size() >= ctx.config().client().channelLimit()) {
            return error(ClientError.LIMIT_EXCEEDED);
        }
        switch (req.getPhase()) {
            case PHASE_STATE -> {
                MapCatchUp c = new MapCatchUp(grant, filter, now);
                s.mapCatchUps.put(req.getChannel(), c);
                return state(s, req, c);
            }
            case PHASE_STREAM -> {
                if (!o.map().mode().hasStream()) {
                    return error(ClientError.BAD_REQUEST);
                }
                if (!req.getRecover()) {
                    return error(ClientError.PERMISSION_DENIED);
                }
                MapCatchUp c = new MapCatchUp(grant, filter, now);
                c.epoch = req.getEpoch();
                s.mapCatchUps.put(req.getChannel(), c);
                return stream(s, req, c);
            }
            case PHASE_LIVE -> {
                return live.goLive(s, req, o, grant, recovery(req, filter));
            }
            default -> {
                return error(ClientError.BAD_REQUEST);
            }
        }
    }

    private static MapLive.Params recovery(SubscribeRequest req, TagsFilter filter) {
        return new MapLive.Params(new StreamPosition(req.getOffset(), req.getEpoch()), List.of(), true, filter);
    }

    /**
     * Goes live from a catch-up. A filter on this request replaces the one from the first request
     * (checked like any: 107 when the namespace does not allow filters or it is malformed).
     */
    private CompletionStage<CommandOutcome> goLive(ClientSession s, SubscribeRequest req, MapCatchUp c,
                                                   MapLive.Params p) {
        MapLive.Params params = p;
        if (req.hasTf()) {
            if (!c.options.allowTagsFilter()) {
                return fail(s, req, ClientError.BAD_REQUEST);
            }
            try {
                params = new MapLive.Params(p.since(), p.state(), p.isRecovery(), TagsFilter.compile(req.getTf()));
            } catch (InvalidTagsFilterException e) {
                return fail(s, req, ClientError.BAD_REQUEST);
            }
        }
        return live.goLive(s, req, c.options, c.grant, params);
    }

    /** What the filter lets through: the list itself when there is no filter. */
    static List<Publication> filtered(List<Publication> pubs, TagsFilter filter) {
        if (filter == null) {
            return pubs;
        }
        List<Publication> out = new ArrayList<>(pubs.size());
        for (Publication p : pubs) {
            if (filter.matches(p.getTagsMap())) {
                out.add(p);
            }
        }
        return out;
    }

    private CompletionStage<CommandOutcome> state(ClientSession s, SubscribeRequest req, MapCatchUp c) {
        if (c.busy) {
            return error(ClientError.CONCURRENT_PAGINATION);
        }
        int limit = c.map.paging().pageSize(req.getLimit());
        StreamPosition revision = req.getOffset() > 0 || !req.getEpoch().isEmpty()
                ? new StreamPosition(req.getOffset(), req.getEpoch()) : null;
        c.busy = true;
        String key = s.key(req.getChannel());
        return s.onLoop(ctx.mapBroker().readState(key, new MapStateQuery(req.getCursor(), limit, revision), c.map),
                (page, e) -> {
                    c.busy = false;
                    if (s.mapCatchUps.get(req.getChannel()) != c) {
                        return error(ClientError.INTERNAL);
                    }
                    if (e != null) {
                        return fail(s, req, SubscribeProcedure.unwrap(e) instanceof UnrecoverablePositionException
                                ? ClientError.UNRECOVERABLE_POSITION : ClientError.INTERNAL);
                    }
                    return statePage(s, req, c, page, revision, limit);
                });
    }

    private CompletionStage<CommandOutcome> statePage(ClientSession s, SubscribeRequest req, MapCatchUp c,
                                                      MapStateResult page, StreamPosition revision, int limit) {
        StreamPosition pos = page.position();
        boolean later = !req.getCursor().isEmpty() && c.offsetCaptured;
        if (req.getCursor().isEmpty()) {
            c.epoch = pos.epoch();
            c.offset = pos.offset();
            c.offsetCaptured = true;
        }
        List<Publication> entries = MapTimes.withoutTime(page.entries());
        if (revision != null) {
            // Entries written after the client's position would arrive again from the stream.
            entries = new ArrayList<>(entries);
            entries.removeIf(p -> p.getOffset() > revision.offset());
        }
        entries = filtered(entries, c.filter);
        StreamPosition effective = later ? new StreamPosition(c.offset, c.epoch) : pos;
        if (page.cursor().isEmpty()
                && (!c.map.mode().hasStream() || effective.offset() + limit >= pos.offset())) {
            return goLive(s, req, c, new MapLive.Params(effective, entries, false, c.filter));
        }
        SubscribeResult.Builder res = SubscribeResult.newBuilder().setType(req.getType()).setPhase(PHASE_STATE)
                .setCursor(page.cursor()).setEpoch(pos.epoch()).setOffset(later ? c.offset : pos.offset())
                .addAllState(MapLive.deltaAllowed(req, c.options) ? MapDeltaPublications.state(entries, s.protocol())
                        : entries);
        return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setSubscribe(res)));
    }

    private CompletionStage<CommandOutcome> stream(ClientSession s, SubscribeRequest req, MapCatchUp c) {
        if (!c.map.mode().hasStream()) {
            return fail(s, req, ClientError.BAD_REQUEST);
        }
        if (c.busy) {
            return error(ClientError.CONCURRENT_PAGINATION);
        }
        if (!req.getEpoch().isEmpty() && !c.epoch.isEmpty() && !req.getEpoch().equals(c.epoch)) {
            return fail(s, req, ClientError.UNRECOVERABLE_POSITION);
        }
        String key = s.key(req.getChannel());
        int limit = c.map.paging().pageSize(req.getLimit());
        if (!c.streamStartCaptured) {
            c.busy = true;
            return s.onLoop(ctx.mapBroker().readStream(key, null, 0, c.map), (top, e) -> {
                c.busy = false;
                if (s.mapCatchUps.get(req.getChannel()) != c) {
                    return error(ClientError.INTERNAL);
                }
                if (e != null) {
                    return fail(s, req, ClientError.INTERNAL);
                }
                c.streamStart = top.top().offset();
                c.streamStartCaptured = true;
                return stream(s, req, c);
            });
        }
        if (req.getOffset() + limit >= c.streamStart) {
            return goLive(s, req, c, recovery(req, c.filter));
        }
        c.busy = true;
        StreamPosition since = new StreamPosition(req.getOffset(), req.getEpoch());
        return s.onLoop(ctx.mapBroker().readStream(key, since, limit, c.map), (h, e) -> {
            c.busy = false;
            if (s.mapCatchUps.get(req.getChannel()) != c) {
                return error(ClientError.INTERNAL);
            }
            if (e != null) {
                return fail(s, req, SubscribeProcedure.unwrap(e) instanceof UnrecoverablePositionException
                        ? ClientError.UNRECOVERABLE_POSITION : ClientError.INTERNAL);
            }
            List<Publication> read = MapTimes.withoutTime(h.publications());
            // The page's offset is that of the last change read, whether or not the filter kept it.
            long offset = read.isEmpty() ? req.getOffset() : read.get(read.size() - 1).getOffset();
            List<Publication> pubs = filtered(read, c.filter);
            SubscribeResult.Builder res = SubscribeResult.newBuilder().setType(req.getType()).setPhase(PHASE_STREAM)
                    .setEpoch(h.top().epoch()).setOffset(offset)
                    .addAllPublications(MapLive.deltaAllowed(req, c.options)
                            ? MapDeltaPublications.state(pubs, s.protocol()) : pubs);
            return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setSubscribe(res)));
        });
    }

    /** Ends the catch-up with an error. */
    private static CompletionStage<CommandOutcome> fail(ClientSession s, SubscribeRequest req, ClientError e) {
        s.mapCatchUps.remove(req.getChannel());
        return error(e);
    }

    private static CompletionStage<CommandOutcome> error(ClientError e) {
        return ClientSession.done(CommandOutcome.error(e));
    }
}
