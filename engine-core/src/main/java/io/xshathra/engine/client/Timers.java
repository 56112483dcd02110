package io.xshathra.engine.client;

import io.xshathra.engine.config.ProxyEndpoint;

import io.xshathra.engine.config.ClientConfig;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A connection's timers: stale close, server pings and pong checks, connection expiry and the
 * periodic tick (presence refresh, subscription expiry, position checks). All run on the
 * connection's event loop.
 */
final class Timers {
    private static final Reply PING = Reply.getDefaultInstance();

    private final ClientSession session;
    private ScheduledFuture<?> stale;
    private ScheduledFuture<?> ping;
    private ScheduledFuture<?> pongCheck;
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> tick;
    private boolean pingOutstanding;
    /** WebSocket-level ping frames instead of protocol pings ({@code cf_ws_frame_ping_pong=true}). */
    private final boolean framePings;

    Timers(ClientSession session) {
        this.session = session;
        this.framePings = "true".equals(session.transport.queryParam("cf_ws_frame_ping_pong"));
    }

    /** Whether the connect reply advertises protocol pings (not with transport-level pings). */
    boolean advertisePings() {
        return pingsEnabled() && !framePings;
    }

    private ClientConfig config() {
        return session.ctx.config().client();
    }

    private ScheduledFuture<?> schedule(Runnable task, long millis) {
        return session.transport.executor().schedule(task, Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    void startStale() {
        stale = schedule(() -> {
            if (!session.isConnected()) {
                session.disconnect(Disconnect.STALE);
            }
        }, config().staleCloseDelay().toMillis());
    }

    /** Whether the server pings this connection. */
    boolean pingsEnabled() {
        return config().pingInterval().toMillis() > 0;
    }

    boolean pongExpected() {
        return pingsEnabled() && config().pongTimeout().toMillis() > 0 && !session.transport.unidirectional();
    }

    /** Called once the connection is established. */
    void startConnected() {
        cancel(stale);
        if (pingsEnabled()) {
            long interval = config().pingInterval().toMillis();
            long first = interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval / 2));
            ping = schedule(this::sendPing, first);
        }
        long tickInterval = config().presenceUpdateInterval().toMillis();
        long firstTick = tickInterval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, tickInterval / 2));
        tick = schedule(this::tick, firstTick);
        scheduleExpiry();
    }

    private void sendPing() {
        if (!session.isConnected()) {
            return;
        }
        if (framePings) {
            session.transport.sendFramePing();
        } else {
            session.writePing(PING);
        }
        if (pongExpected()) {
            pingOutstanding = true;
            cancel(pongCheck);
            pongCheck = schedule(() -> {
                if (pingOutstanding) {
                    session.disconnect(Disconnect.NO_PONG);
                }
            }, config().pongTimeout().toMillis());
        }
        ping = schedule(this::sendPing, config().pingInterval().toMillis());
    }

    /** A transport-level pong frame arrived. */
    void onFramePong() {
        if (framePings) {
            pingOutstanding = false;
            cancel(pongCheck);
        }
    }

    /**
     * A pong arrived.
     *
     * @return false when no ping was outstanding (a protocol violation)
     */
    boolean onPong() {
        if (!pingOutstanding) {
            return false;
        }
        pingOutstanding = false;
        cancel(pongCheck);
        return true;
    }

    /** (Re)arms the connection expiry check from {@link ClientSession#expireAt}. */
    void scheduleExpiry() {
        cancel(expiry);
        expiry = null;
        if (session.expireAt() <= 0) {
            return;
        }
        ProxyEndpoint refresh = session.ctx.proxies().directory().refresh(session.projectId());
        if (refresh != null) {
            // The server extends the connection itself when it is due (the client was not told it expires).
            expiry = schedule(() -> RefreshCommand.viaProxy(session, refresh),
                    session.expireAt() * 1000 - session.ctx.clock().millis());
            return;
        }
        long at = session.expireAt() * 1000 + config().expiredCloseDelay().toMillis();
        expiry = schedule(() -> {
            if (session.expireAt() > 0 && session.ctx.clock().millis() >= session.expireAt() * 1000) {
                session.disconnect(Disconnect.EXPIRED);
            }
        }, at - session.ctx.clock().millis());
    }

    private void tick() {
        if (!session.isConnected()) {
            return;
        }
        session.commands.tick(session);
        if (session.isConnected()) {
            tick = schedule(this::tick, config().presenceUpdateInterval().toMillis());
        }
    }

    void cancelAll() {
        cancel(stale);
        cancel(ping);
        cancel(pongCheck);
        cancel(expiry);
        cancel(tick);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
