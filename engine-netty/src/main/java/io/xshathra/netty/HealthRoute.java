package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Health ({@code /realtime/health} and {@code /health} by default): 200 {@code {}} while the process serves HTTP. */
public final class HealthRoute implements HttpRoute {
    private final Set<String> paths;
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    /** Serves these exact paths. */
    public HealthRoute(Set<String> paths) {
        this.paths = Set.copyOf(paths);
    }

    @Override
    public boolean matches(String path) {
        return paths.contains(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return CompletableFuture.completedFuture(HttpResponses.json(HttpResponseStatus.OK, BODY));
    }
}
