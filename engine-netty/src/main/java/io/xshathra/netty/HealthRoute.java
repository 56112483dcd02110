package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /realtime/health} and {@code /health}: 200 {@code {}} while the process serves HTTP. */
public final class HealthRoute implements HttpRoute {
    private static final Set<String> PATHS = Set.of("/realtime/health", "/health");
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    @Override
    public boolean matches(String path) {
        return PATHS.contains(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return CompletableFuture.completedFuture(HttpResponses.json(HttpResponseStatus.OK, BODY));
    }
}
