package io.xshathra.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.xshathra.engine.Node;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connection limits in front of every client connection endpoint, as Centrifugo
 * applies them before any transport sees the request: {@code client.connection_rate_limit} (a
 * token bucket holding that many, refilled at one per second) and {@code client.connection_limit}
 * (connections already established on this node). Either refusal is an empty HTTP 503, for
 * WebSocket upgrades and HTTP-streaming and SSE requests alike; the emulation endpoint is not
 * limited. Installed only when a limit is configured, so an unlimited node pays nothing.
 * Thread-safe: one instance serves all event loops.
 */
final class ConnectionAdmission implements ConnectionEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(3);
    private final ConnectionEndpoint next;
    private final Node node;
    private final int limit;
    private final RateBucket rate;
    private final LongSupplier nanoTime;
    private long limitLoggedAt;

    ConnectionAdmission(ConnectionEndpoint next, Node node, RateBucket rate, LongSupplier nanoTime) {
        this.next = next;
        this.node = node;
        this.limit = node.config().client().connectionLimit();
        this.rate = rate;
        this.nanoTime = nanoTime;
    }

    /** {@code endpoint} behind the configured limits, or {@code endpoint} itself when none is set. */
    static ConnectionEndpoint wrap(ConnectionEndpoint endpoint, Node node, RateBucket rate) {
        if (node.config().client().connectionLimit() <= 0 && rate == null) {
            return endpoint;
        }
        return new ConnectionAdmission(endpoint, node, rate, System::nanoTime);
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        if (rate != null && !rate.tryTake()) {
            Router.send(ctx, req, HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE));
            return true;
        }
        if (limit > 0 && node.numClients() >= limit) {
            logLimitReached();
            Router.send(ctx, req, HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE));
            return true;
        }
        return next.handle(ctx, req, query);
    }

    private synchronized void logLimitReached() {
        long now = nanoTime.getAsLong();
        if (limitLoggedAt == 0 || now - limitLoggedAt > LOG_EVERY_NANOS) {
            limitLoggedAt = now;
            LOG.warn("node connection limit reached ({} connections)", limit);
        }
    }

    /** A token bucket of {@code burst} tokens refilled at one per second; shared by all endpoints. */
    static final class RateBucket {
        private static final long NANOS_PER_TOKEN = TimeUnit.SECONDS.toNanos(1);
        private final int burst;
        private final LongSupplier nanoTime;
        private double tokens;
        private long updatedAt;

        RateBucket(int burst, LongSupplier nanoTime) {
            this.burst = burst;
            this.nanoTime = nanoTime;
            this.tokens = burst;
            this.updatedAt = nanoTime.getAsLong();
        }

        /** The bucket for {@code client.connection_rate_limit}, or null when it is off. */
        static RateBucket of(int perSecond) {
            return perSecond > 0 ? new RateBucket(perSecond, System::nanoTime) : null;
        }

        synchronized boolean tryTake() {
            long now = nanoTime.getAsLong();
            long elapsed = now - updatedAt;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + (double) elapsed / NANOS_PER_TOKEN);
                updatedAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
