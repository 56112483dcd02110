package io.xshathra.netty;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server HTTP API binding at {@code /realtime/api/<method>} and {@code /api/<method>}:
 * POST only, API key from {@code X-API-Key}, {@code Authorization: apikey ...} or
 * {@code ?api_key=}; JSON in, JSON out. It turns bodies into {@link ApiRequest}s and
 * {@link ApiResult}s into bytes; everything else is the {@link ApiExecutor}'s.
 */
public final class ApiRoute implements HttpRoute {
    /** Header naming the project whose channel space a call addresses. */
    public static final String PROJECT_HEADER = "X-Xshathra-Project";
    private final ApiExecutor executor;
    private final EngineConfig.HttpApi config;
    private final EngineMetrics metrics;
    private final List<String> prefixes;

    /**
     * @param config   the key, {@code insecure} and the error mode
     * @param metrics  counts calls and errors per method
     * @param prefixes mount points, e.g. {@code /realtime/api} and {@code /api}; methods are
     *                 served at {@code <prefix>/<method>}
     */
    public ApiRoute(ApiExecutor executor, EngineConfig.HttpApi config, EngineMetrics metrics, List<String> prefixes) {
        this.executor = executor;
        this.config = config;
        this.metrics = metrics;
        this.prefixes = prefixes.stream().map(p -> p.endsWith("/") ? p : p + "/").toList();
    }

    @Override
    public boolean matches(String path) {
        return method(path) != null;
    }

    private String method(String path) {
        for (String p : prefixes) {
            if (path.startsWith(p) && path.length() > p.length() && path.indexOf('/', p.length()) < 0) {
                return path.substring(p.length());
            }
        }
        return null;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path) {
        String method = method(path);
        if (!ApiRequests.METHODS.contains(method)) {
            return done(HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not Found"));
        }
        if (req.method() != HttpMethod.POST) {
            return done(HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
        }
        if (!config.insecure() && !authorized(req)) {
            return done(HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED));
        }
        JsonNode body;
        try {
            body = ApiRequestParser.MAPPER.readTree(new ByteBufInputStream(req.content()));
        } catch (IOException e) {
            return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
        }
        if (body == null || !body.isObject()) {
            return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
        }
        boolean transportErrors = "transport".equals(config.errorMode())
                || "transport".equalsIgnoreCase(req.headers().get("X-Centrifugo-Error-Mode"));
        metrics.apiCall(method);
        ApiExecutor scoped;
        try {
            scoped = scoped(req);
        } catch (IllegalArgumentException e) {
            return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request: " + PROJECT_HEADER));
        }
        if (ApiRequests.Batch.METHOD.equals(method)) {
            ApiRequests.Batch batch = ApiRequestParser.batch(body);
            if (batch == null) {
                return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
            }
            // Batch replies are always 200, whatever the error mode.
            return scoped.execute(batch).thenApply(r ->
                    HttpResponses.json(HttpResponseStatus.OK, ApiJsonWriter.batch((ApiResult.Replies) r)));
        }
        return scoped.execute(ApiRequestParser.parse(method, body)).thenApply(r -> respond(method, r, transportErrors));
    }

    /**
     * The operator may address one project's channel space with the {@code X-Xshathra-Project}
     * header; without it the API works on the default space, exactly as Centrifugo's.
     */
    private ApiExecutor scoped(FullHttpRequest req) {
        String project = req.headers().get(PROJECT_HEADER);
        return project == null || project.isBlank() ? executor : executor.inProject(project.trim());
    }

    private boolean authorized(FullHttpRequest req) {
        if (config.key().isEmpty()) {
            return false;
        }
        String header = req.headers().get("X-API-Key");
        if (header != null) {
            return same(header, config.key());
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            String[] parts = auth.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equalsIgnoreCase("apikey") && same(parts[1], config.key())) {
                return true;
            }
        }
        List<String> q = new QueryStringDecoder(req.uri()).parameters().get("api_key");
        return q != null && !q.isEmpty() && same(q.get(0), config.key());
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private FullHttpResponse respond(String method, ApiResult r, boolean transportErrors) {
        if (r.error() != null) {
            metrics.apiError(method);
            if (transportErrors) {
                return HttpResponses.json(HttpResponseStatus.valueOf(r.error().transportStatus()),
                        ApiJsonWriter.bareError(r.error()));
            }
        }
        return HttpResponses.json(HttpResponseStatus.OK, ApiJsonWriter.response(r));
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
