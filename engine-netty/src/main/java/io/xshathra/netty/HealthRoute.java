package io.xshathra.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Health ({@code /realtime/health} and {@code /health} by default): 200 {@code {}} while the
 * process serves HTTP and its engine's storage answers; 503 while the check says it does not
 * (for example while Redis is unreachable).
 */
public final class HealthRoute implements HttpRoute {
    private final Set<String> paths;
    private final BooleanSupplier healthy;
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNHEALTHY = "{\"error\":\"engine storage unreachable\"}".getBytes(StandardCharsets.UTF_8);

    /** Serves these exact paths; always healthy. */
    public HealthRoute(Set<String> paths) {
        this(paths, () -> true);
    }

    /** Serves these exact paths, answering 503 while {@code healthy} is false. */
    public HealthRoute(Set<String> paths, BooleanSupplier healthy) {
        this.paths = Set.copyOf(paths);
        this.healthy = healthy;
    }

    @Override
    public boolean matches(String path) {
        return paths.contains(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return CompletableFuture.completedFuture(healthy.getAsBoolean()
                ? HttpResponses.json(HttpResponseStatus.OK, BODY)
                : HttpResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, UNHEALTHY));
    }
}
