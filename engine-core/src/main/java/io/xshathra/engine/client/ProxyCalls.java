package io.xshathra.engine.client;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.util.LogThrottle;
import io.xshathra.protocol.ClientError;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How commands call a backend for a session: who the call is for, then the backend's answer on
 * the session's event loop, with the mapping Centrifugo documents: a {@code disconnect} in the
 * reply closes the connection with that code and reason, an {@code error} is the command's error
 * (code, message, temporary as sent), and a call that fails (unreachable, timeout, non-200
 * status, oversized or malformed reply, too many calls in flight) is an internal error (100).
 */
final class ProxyCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCalls.class);
    private static final LogThrottle FAILURE_LOG = new LogThrottle(10, java.util.concurrent.TimeUnit.SECONDS);

    private ProxyCalls() {
    }

    /** Who a call made for this session is for; meta only when the endpoint includes it. */
    static ProxyRequest.Caller caller(ClientSession s, ProxyEndpoint ep) {
        return new ProxyRequest.Caller(s.id(), s.transport.name(), s.protocol().name().toLowerCase(Locale.ROOT),
                s.user(), ep.includeConnectionMeta() ? s.meta() : null);
    }

    /**
     * Logs a failed backend call (timeout, refused, garbage), at most once every 10 s for the whole
     * node with the number of failures in between: a backend that is down fails the calls of every
     * client, and one line per call would flood the log.
     */
    static void logFailure(ClientSession s, String what, ProxyEndpoint ep, Throwable e) {
        long held = FAILURE_LOG.admit();
        if (held < 0) {
            return;
        }
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.warn("client {}: {} {} failed: {}{}", s.id(), what, ep.name(),
                c instanceof ProxyException pe ? pe.reason() + " " + pe.getMessage() : c.toString(), LogThrottle.more(held));
    }

    /**
     * Calls the backend and continues with its result (null when the reply had none) on the
     * session's event loop; errors and disconnects in the reply end the command.
     */
    static <R> CompletionStage<CommandOutcome> call(ClientSession s, ProxyEndpoint ep, ProxyRequest<R> req,
                                                   Function<R, CompletionStage<CommandOutcome>> onResult) {
        CompletionStage<ProxyReply<R>> sent = s.ctx.proxies().call(ep, s.callHeaders(), req);
        return s.onLoop(sent, (reply, e) -> {
            if (e != null) {
                logFailure(s, req.kind() + " proxy", ep, e);
                return ClientSession.done(CommandOutcome.error(ClientError.INTERNAL));
            }
            if (reply.disconnect() != null) {
                return ClientSession.done(CommandOutcome.disconnect(reply.disconnect()));
            }
            if (reply.error() != null) {
                return ClientSession.done(CommandOutcome.error(reply.error()));
            }
            return onResult.apply(reply.result());
        });
    }
}
