package io.xshathra.server;

import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.grpc.GrpcServer;
import io.xshathra.server.config.ServerSettings;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled gRPC listeners of the launcher: started together, closed in reverse order.
 *
 * @param api the gRPC API, or null when {@code grpc_api} is off
 * @param uni the uni_grpc transport, or null when {@code uni_grpc} is off
 */
record GrpcListeners(GrpcServer api, GrpcServer uni) {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcListeners.class);
    /** How long running gRPC calls may take to end at shutdown (streams end with their sessions before). */
    private static final Duration GRACE = Duration.ofSeconds(2);

    /**
     * Starts {@code grpc_api} on the shared executor and {@code uni_grpc} on the node, as enabled.
     *
     * @throws IllegalStateException naming the listener and address when one cannot start (the
     *                               ones already started are closed)
     */
    static GrpcListeners start(Node node, ApiExecutor executor, ServerSettings.Grpc settings) {
        GrpcServer api = null;
        String what = "grpc_api";
        try {
            if (settings.api().listener().enabled()) {
                if (settings.api().key().isEmpty()) {
                    LOG.warn("grpc_api.key is not set: every caller that reaches {}:{} may use the gRPC API",
                            settings.api().listener().address(), settings.api().listener().port());
                }
                api = GrpcServer.startApi(executor, node.metrics(), settings.api());
            }
            what = "uni_grpc";
            GrpcServer uni = settings.uni().listener().enabled() ? GrpcServer.startUniStream(node, settings.uni()) : null;
            return new GrpcListeners(api, uni);
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close(GRACE);
            }
            var l = what.equals("grpc_api") ? settings.api().listener() : settings.uni().listener();
            throw new IllegalStateException(what + ": cannot listen on " + l.address() + ":" + l.port() + ": "
                    + rootMessage(e), e);
        }
    }

    /** The bound port of the gRPC API, or 0 when it is off. */
    int apiPort() {
        return api == null ? 0 : api.port();
    }

    /** The bound port of uni_grpc, or 0 when it is off. */
    int uniPort() {
        return uni == null ? 0 : uni.port();
    }

    /** Both stop taking new calls (the shutdown drain); open streams end with their sessions. */
    void stopAccepting() {
        if (uni != null) {
            uni.stopAccepting();
        }
        if (api != null) {
            api.stopAccepting();
        }
    }

    /** Closes uni_grpc, then the gRPC API. */
    void close() {
        if (uni != null) {
            uni.close(GRACE);
        }
        if (api != null) {
            api.close(GRACE);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
