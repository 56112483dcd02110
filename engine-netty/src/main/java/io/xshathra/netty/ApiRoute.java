package io.xshathra.netty;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.config.EngineConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server HTTP API binding at {@code /realtime/api/<method>} and {@code /api/<method>}:
 * POST only, API key from {@code X-API-Key}, {@code Authorization: apikey ...} or
 * {@code ?api_key=}; JSON in, JSON out. All logic is in {@link ServerApi}.
 */
public final class ApiRoute implements HttpRoute {
    private static final java.util.Set<String> METHODS = java.util.Set.of("publish", "broadcast", "subscribe",
            "unsubscribe", "disconnect", "refresh", "presence", "presence_stats", "history", "history_remove",
            "channels", "info", "rpc", "batch");
    /** Header naming the project whose channel space a call addresses. */
    public static final String PROJECT_HEADER = "X-Xshathra-Project";
    private final ServerApi api;
    private final EngineConfig.HttpApi config;
    private final List<String> prefixes;

    /**
     * @param prefixes mount points, e.g. {@code /realtime/api} and {@code /api}; methods are
     *                 served at {@code <prefix>/<method>}
     */
    public ApiRoute(ServerApi api, List<String> prefixes) {
        this.api = api;
        this.config = api.node().config().httpApi();
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
        if (!METHODS.contains(method(path))) {
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
        String method = method(path);
        boolean transportErrors = "transport".equals(config.errorMode())
                || "transport".equalsIgnoreCase(req.headers().get("X-Centrifugo-Error-Mode"));
        api.node().metrics().apiCall(method);
        ServerApi scoped;
        try {
            scoped = scoped(req);
        } catch (IllegalArgumentException e) {
            return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request: " + PROJECT_HEADER));
        }
        if ("batch".equals(method)) {
            return batch(scoped, body);
        }
        return call(scoped, method, body).thenApply(r -> respond(method, r, transportErrors));
    }

    /**
     * The operator may address one project's channel space with the {@code X-Xshathra-Project}
     * header; without it the API works on the default space, exactly as Centrifugo's.
     */
    private ServerApi scoped(FullHttpRequest req) {
        String project = req.headers().get(PROJECT_HEADER);
        return project == null || project.isBlank() ? api : api.inProject(project.trim());
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

    /** The result of one method as JSON written by {@code writer}, or an error. */
    private record Written(Writer writer, ApiError error) {
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static <T> CompletionStage<Written> map(CompletionStage<ApiResponse<T>> stage, ResultWriter<T> w) {
        return stage.thenApply(r -> r.error() != null ? new Written(null, r.error())
                : new Written(g -> w.write(g, r.result()), null));
    }

    @FunctionalInterface
    private interface ResultWriter<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    private static final ResultWriter<Object> EMPTY = (g, v) -> {
        g.writeStartObject();
        g.writeEndObject();
    };

    private CompletionStage<Written> call(ServerApi api, String method, JsonNode n) {
        try {
            return switch (method) {
                case "publish" -> map(api.publish(ApiRequestParser.publish(n)), ApiJsonWriter::position);
                case "broadcast" -> map(api.broadcast(ApiRequestParser.broadcast(n)), (g, list) -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("responses");
                    for (ApiResponse<io.xshathra.engine.broker.StreamPosition> r : list) {
                        g.writeStartObject();
                        if (r.error() != null) {
                            ApiJsonWriter.error(g, r.error());
                        } else {
                            g.writeFieldName("result");
                            ApiJsonWriter.position(g, r.result());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
                case "subscribe" -> map(api.subscribe(ApiRequestParser.subscribe(n)), EMPTY::write);
                case "unsubscribe" -> map(api.unsubscribe(ApiRequestParser.unsubscribe(n)), EMPTY::write);
                case "disconnect" -> map(api.disconnect(ApiRequestParser.disconnect(n)), EMPTY::write);
                case "refresh" -> map(api.refresh(ApiRequestParser.refresh(n)), EMPTY::write);
                case "presence" -> map(api.presence(ApiRequestParser.str(n, "channel")), ApiJsonWriter::presence);
                case "presence_stats" -> map(api.presenceStats(ApiRequestParser.str(n, "channel")),
                        ApiJsonWriter::presenceStats);
                case "history" -> map(api.history(ApiRequestParser.history(n)), ApiJsonWriter::history);
                case "history_remove" -> map(api.historyRemove(ApiRequestParser.str(n, "channel")), EMPTY::write);
                case "channels" -> map(api.channels(ApiRequestParser.str(n, "pattern")), ApiJsonWriter::channels);
                case "info" -> map(api.info(), ApiJsonWriter::info);
                case "rpc" -> CompletableFuture.completedFuture(new Written(null,
                        ApiRequestParser.str(n, "method").isEmpty() ? ApiError.BAD_REQUEST : ApiError.NOT_FOUND));
                default -> CompletableFuture.completedFuture(new Written(null, ApiError.NOT_FOUND));
            };
        } catch (ApiRequestParser.BadField e) {
            return CompletableFuture.completedFuture(new Written(null, ApiError.BAD_REQUEST));
        }
    }

    private FullHttpResponse respond(String method, Written w, boolean transportErrors) {
        if (w.error() != null) {
            api.node().metrics().apiError(method);
            if (transportErrors) {
                return HttpResponses.json(statusOf(w.error()), json(g -> {
                    g.writeStartObject();
                    g.writeNumberField("code", w.error().code());
                    g.writeStringField("message", w.error().message());
                    g.writeEndObject();
                }));
            }
        }
        return HttpResponses.json(HttpResponseStatus.OK, json(g -> {
            g.writeStartObject();
            if (w.error() != null) {
                ApiJsonWriter.error(g, w.error());
            } else {
                g.writeFieldName("result");
                w.writer().write(g);
            }
            g.writeEndObject();
        }));
    }

    private CompletionStage<FullHttpResponse> batch(ServerApi api, JsonNode body) {
        JsonNode commands = body.get("commands");
        if (commands == null || !commands.isArray()) {
            return done(HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
        }
        List<String> names = new ArrayList<>();
        List<CompletableFuture<Written>> results = new ArrayList<>();
        for (JsonNode c : commands) {
            if (c == null || c.isNull()) {
                names.add("");
                results.add(CompletableFuture.completedFuture(new Written(null, ApiError.BAD_REQUEST)));
                continue;
            }
            String name = c.isObject() && c.size() == 1 ? c.fieldNames().next() : "";
            JsonNode args = name.isEmpty() ? null : c.get(name);
            boolean ok = !name.equals("batch") && args != null && args.isObject();
            names.add(name);
            results.add(ok ? call(api, name, args).toCompletableFuture()
                    : CompletableFuture.completedFuture(new Written(null, ApiError.NOT_FOUND)));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).thenApply(v ->
                HttpResponses.json(HttpResponseStatus.OK, json(g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("replies");
                    for (int i = 0; i < results.size(); i++) {
                        Written w = results.get(i).join();
                        g.writeStartObject();
                        if (w.error() != null) {
                            ApiJsonWriter.error(g, w.error());
                        } else {
                            g.writeFieldName(names.get(i));
                            w.writer().write(g);
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                })));
    }

    private static HttpResponseStatus statusOf(ApiError e) {
        return switch (e.code()) {
            case 102, 104 -> HttpResponseStatus.NOT_FOUND;
            case 107, 108 -> HttpResponseStatus.BAD_REQUEST;
            case 112 -> HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case 113 -> HttpResponseStatus.CONFLICT;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static byte[] json(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = ApiRequestParser.MAPPER.getFactory().createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
