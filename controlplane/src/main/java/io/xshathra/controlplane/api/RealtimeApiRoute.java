package io.xshathra.controlplane.api;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.web.NettyHttp;
import io.xshathra.netty.HttpRoute;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * The binding of {@link RealtimeApiEndpoint} ({@code /api/realtime/*}, {@code /api/health}) to
 * the server's router: it copies the Netty request into a
 * {@link io.xshathra.controlplane.web.WebRequest} on the event loop and turns the answer back
 * into a Netty response. Authentication, rate limits and every rule are the endpoint's.
 */
public final class RealtimeApiRoute implements HttpRoute {
    /** Failed key checks an address may make at once, then one a second (see {@link KeyFailureLimiter}). */
    static final int KEY_FAILURE_BURST = RealtimeApiEndpoint.KEY_FAILURE_BURST;

    private final RealtimeApiEndpoint endpoint;

    /**
     * @param ratePerSecond sustained requests per second per project (bursts of twice that)
     */
    public RealtimeApiRoute(RealtimeApi api, ProjectDirectory projects, int maxDataBytes, double ratePerSecond) {
        this(new RealtimeApiEndpoint(api, projects, maxDataBytes, ratePerSecond));
    }

    /**
     * With {@code GET /api/realtime/usage} over the recorder.
     *
     * @param ratePerSecond sustained requests per second per project (bursts of twice that)
     * @param clock         the control plane's clock
     */
    public RealtimeApiRoute(RealtimeApi api, ProjectDirectory projects, int maxDataBytes, double ratePerSecond,
                            io.xshathra.controlplane.usage.UsageRecorder usage, java.time.Clock clock) {
        this(new RealtimeApiEndpoint(api, projects, maxDataBytes, ratePerSecond, usage, clock));
    }

    /** Binds an existing endpoint. */
    public RealtimeApiRoute(RealtimeApiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public boolean matches(String path) {
        return endpoint.matches(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path) {
        return handle(req, path, null);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path, InetSocketAddress peer) {
        return endpoint.handle(NettyHttp.request(req, path, peer)).thenApply(NettyHttp::response);
    }
}
