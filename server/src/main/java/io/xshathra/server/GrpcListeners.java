package io.xshathra.server;

import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.grpc.GrpcServer;
import io.xshathra.server.config.ServerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the enabled gRPC listeners for the launcher and closes them in reverse order. */
final class GrpcListeners {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcListeners.class);
    /** How long running gRPC calls may take to end at shutdown (streams end with their sessions before). */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private GrpcListeners() {
    }

    /**
     * Starts {@code grpc_api} on the shared executor and {@code uni_grpc} on the node, as enabled.
     *
     * @throws IllegalStateException naming the listener and address when one cannot start (the
     *                               ones already started are closed)
     */
    static List<GrpcServer> start(Node node, ApiExecutor executor, ServerSettings.Grpc settings) {
        List<GrpcServer> started = new ArrayList<>(2);
        String what = "grpc_api";
        try {
            if (settings.api().listener().enabled()) {
                if (settings.api().key().isEmpty()) {
                    LOG.warn("grpc_api.key is not set: every caller that reaches {}:{} may use the gRPC API",
                            settings.api().listener().address(), settings.api().listener().port());
                }
                started.add(GrpcServer.startApi(executor, settings.api()));
            }
            what = "uni_grpc";
            if (settings.uni().listener().enabled()) {
                started.add(GrpcServer.startUniStream(node, settings.uni()));
            }
        } catch (IOException | RuntimeException e) {
            close(started);
            var l = what.equals("grpc_api") ? settings.api().listener() : settings.uni().listener();
            throw new IllegalStateException(what + ": cannot listen on " + l.address() + ":" + l.port() + ": "
                    + rootMessage(e), e);
        }
        return List.copyOf(started);
    }

    /** Closes the listeners, the last started first. */
    static void close(List<GrpcServer> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close(GRACE);
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
