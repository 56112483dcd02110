package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.tags.TagsFilter;

/**
 * A map subscription being paginated (state, then stream) before it goes live: what was granted
 * on its first request, and the positions captured on the way. Touched only on the connection's
 * event loop.
 */
final class MapCatchUp {
    final ChannelOptions options;
    final MapOptions map;
    final SubscribeCommand.Grant grant;
    final long startedAt;
    /** The client's tags filter from the first request (null = none): applied to every page. */
    final TagsFilter filter;
    /** The position of the first state page, frozen for the rest of the pagination. */
    String epoch = "";
    long offset;
    boolean offsetCaptured;
    /** The stream top when the stream phase began; the subscriber goes live within one page of it. */
    long streamStart;
    boolean streamStartCaptured;
    /** A page is being read; a second request meanwhile is refused (113). */
    boolean busy;

    MapCatchUp(SubscribeCommand.Grant grant, TagsFilter filter, long startedAt) {
        this.options = grant.options();
        this.filter = filter;
        this.map = options.map();
        this.grant = grant;
        this.startedAt = startedAt;
    }

    /** Whether the catch-up ran past {@code map.subscribe_catch_up_timeout}. */
    boolean expired(long now) {
        long timeout = map.paging().catchUpTimeout().toMillis();
        return timeout >= 0 && now - startedAt > timeout;
    }
}
