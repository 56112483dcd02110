package io.xshathra.controlplane.console;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.xshathra.controlplane.web.NettyHttp;
import io.xshathra.netty.HttpRoute;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * The web console on the engine's port: the binding of {@link ConsoleHandler} (server-rendered
 * pages, sessions, CSRF, the debug tool) to the server's router. It only copies the Netty request
 * into a {@link io.xshathra.controlplane.web.WebRequest} on the event loop and turns the answer
 * back into a Netty response; everything else is the handler's.
 */
public final class Console implements HttpRoute {

    private final ConsoleHandler handler;

    /** {@link #Console(ConsoleContext, ConsoleOptions)} with {@link ConsoleOptions#DEFAULTS}. */
    public Console(ConsoleContext ctx) {
        this(ctx, ConsoleOptions.DEFAULTS);
    }

    /** Reads the assets from the jar (blocking): construct it at start-up. */
    public Console(ConsoleContext ctx, ConsoleOptions options) {
        this(new ConsoleHandler(ctx, options));
    }

    /** Binds an existing handler. */
    public Console(ConsoleHandler handler) {
        this.handler = handler;
    }

    /** The console without its binding. */
    public ConsoleHandler handler() {
        return handler;
    }

    @Override
    public boolean matches(String path) {
        return handler.matches(path);
    }

    /** Without the peer's address every visitor counts as one client: the router always passes it. */
    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return handle(request, path, null);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path, InetSocketAddress peer) {
        return handler.handle(NettyHttp.request(request, path, peer)).thenApply(NettyHttp::response);
    }
}
