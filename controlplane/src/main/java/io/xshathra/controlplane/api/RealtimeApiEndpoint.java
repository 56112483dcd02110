package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebRequest;
import io.xshathra.controlplane.web.WebResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP semantics of {@link RealtimeApi} at {@code /api/realtime/*} and of the control plane's
 * {@code GET /api/health}, on the neutral {@link WebRequest} / {@link WebResponse} model
 * ({@link RealtimeApiRoute} binds it to the server's router). Authenticates the project's server key ({@code Authorization: apikey
 * KEY} or {@code Bearer KEY}), applies per-project rate limits, size and content-type rules, and
 * answers every failure as {@code {"error":{"code","message"}}} with an honest status.
 */
public final class RealtimeApiEndpoint {
    /** Logs under the route's public class name, the one operators filter on. */
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeApiRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/realtime/";
    static final int MAX_TOKEN_BODY = 64 * 1024;
    /** The endpoints under {@link #PREFIX}, all with the server key; all POST but {@code usage} (GET). */
    static final List<String> ENDPOINTS = List.of("token", "subscription-token", "publish", "history", "history-remove",
            "presence", "presence-stats", "channels", "broadcast", "unsubscribe", "disconnect", "usage");
    private static final String CLIENT_KEY_PREFIX = "xs_pk_";
    private static final long HEALTH_TIMEOUT_MS = 2000;
    /** Failed key checks an address may make at once, then one a second (see {@link KeyFailureLimiter}). */
    static final int KEY_FAILURE_BURST = 20;
    private static final double KEY_FAILURE_RATE = 1;
    private static final int KEY_FAILURE_ADDRESSES = 10_000;

    private final RealtimeApi api;
    private final ProjectDirectory projects;
    private final RateLimiter limiter;
    private final KeyFailureLimiter keyFailures;
    private final int maxPublishBody;
    /** Null when this server records no usage. */
    private final UsageEndpoint usage;

    /**
     * @param ratePerSecond sustained requests per second per project (bursts of twice that)
     */
    public RealtimeApiEndpoint(RealtimeApi api, ProjectDirectory projects, int maxDataBytes, double ratePerSecond) {
        this(api, projects, maxDataBytes, ratePerSecond, null, null);
    }

    /**
     * @param ratePerSecond sustained requests per second per project (bursts of twice that)
     * @param usage         the usage recorder {@code GET /api/realtime/usage} reads (null: none is kept)
     * @param clock         the control plane's clock (the usage window ends at its current minute)
     */
    public RealtimeApiEndpoint(RealtimeApi api, ProjectDirectory projects, int maxDataBytes, double ratePerSecond,
                               io.xshathra.controlplane.usage.UsageRecorder usage, java.time.Clock clock) {
        this.usage = usage == null ? null : new UsageEndpoint(usage, clock);
        this.api = api;
        this.projects = projects;
        this.limiter = new RateLimiter(ratePerSecond, (int) Math.max(1, ratePerSecond * 2), System::nanoTime);
        this.keyFailures = new KeyFailureLimiter(KEY_FAILURE_BURST, KEY_FAILURE_RATE, KEY_FAILURE_ADDRESSES, System::nanoTime);
        this.maxPublishBody = Math.max(MAX_TOKEN_BODY, maxDataBytes * 2 + 4096);
    }

    /** Whether this endpoint serves the path (without the query string). */
    public boolean matches(String path) {
        return path.startsWith(PREFIX) || path.equals("/api/health");
    }

    /** Answers one request of a path {@link #matches} accepted; the stage never fails. */
    public CompletionStage<WebResponse> handle(WebRequest req) {
        String path = req.path();
        InetSocketAddress peer = req.peer();
        if (path.equals("/api/health")) {
            return health(req);
        }
        String endpoint = path.substring(PREFIX.length());
        if (!ENDPOINTS.contains(endpoint)) {
            return done(problem(new ApiProblem(HttpStatus.NOT_FOUND, "not_found",
                    "no such endpoint: " + path + " (" + String.join(", ", ENDPOINTS) + ")")));
        }
        if (endpoint.equals("usage")) {
            return usage(req, peer);
        }
        if (!req.is("POST")) {
            WebResponse r = problem(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    path + " accepts POST only"));
            r.headers().set(WebResponse.ALLOW, "POST");
            return done(r);
        }
        String key = apiKey(req);
        ApiProblem refused = keyProblem(key);
        if (refused != null) {
            return done(problem(refused));
        }
        int limit = endpoint.equals("publish") ? maxPublishBody
                : endpoint.equals("broadcast") ? maxPublishBody + MAX_TOKEN_BODY : MAX_TOKEN_BODY;
        if (req.body().length > limit) {
            return done(problem(new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                    "request body must be at most " + limit + " bytes")));
        }
        String type = req.headers().get("content-type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return done(problem(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "send Content-Type: application/json")));
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.body());
        } catch (IOException e) {
            return done(problem(ApiProblem.invalidBody("the body is not valid JSON")));
        }
        if (body == null || !body.isObject()) {
            return done(problem(ApiProblem.invalidBody("the body must be a JSON object")));
        }
        return authenticate(key, peer)
                .thenCompose(p -> serve(endpoint, p, body))
                .handle((resp, e) -> e == null ? resp : failure(e));
    }

    /** Why a key from the header can not be a server key, or null when it may be one. */
    private static ApiProblem keyProblem(String key) {
        if (key == null) {
            return ApiProblem.unauthorized(
                    "missing API key: send Authorization: apikey <server_api_key> (or Bearer <server_api_key>)");
        }
        if (key.startsWith(CLIENT_KEY_PREFIX)) {
            return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden",
                    "this is a project's public client_api_key; the tenant API needs its server_api_key");
        }
        return null;
    }

    /** {@code GET /api/realtime/usage}: the same key, rate limit and error rules, parameters in the query. */
    private CompletionStage<WebResponse> usage(WebRequest req, InetSocketAddress peer) {
        if (!req.is("GET") && !req.is("HEAD")) {
            WebResponse r = problem(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    req.path() + " accepts GET only"));
            r.headers().set(WebResponse.ALLOW, "GET");
            return done(r);
        }
        String key = apiKey(req);
        ApiProblem refused = keyProblem(key);
        if (refused != null) {
            return done(problem(refused));
        }
        if (usage == null) {
            return done(problem(ApiProblem.unavailable("this server does not record usage")));
        }
        return authenticate(key, peer).thenCompose(p -> {
            if (p.isEmpty()) {
                return done(problem(ApiProblem.unauthorized("unknown API key (use the project's server_api_key)")));
            }
            long wait = limiter.acquire(p.get().id());
            if (wait > 0) {
                return done(problem(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                        "too many requests for this project; retry in " + wait + " s", wait)));
            }
            return usage.answer(p.get(), usage.window(req.rawQuery())).thenApply(RealtimeApiEndpoint::answer);
        }).handle((resp, e) -> e == null ? resp : failure(e));
    }

    /**
     * A key remembered as valid is answered from memory. Any other key is looked up only while
     * its address has failed-check budget left (without a known address, always), and a key that
     * does not authenticate spends that budget.
     */
    private CompletionStage<Optional<Project>> authenticate(String key, InetSocketAddress peer) {
        Optional<Project> known = projects.cachedServerKey(key);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        String address = peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        if (address != null) {
            long wait = keyFailures.retryAfter(address);
            if (wait > 0) {
                return CompletableFuture.failedFuture(new ApiProblem.Failure(new ApiProblem(
                        HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                        "too many unknown API keys from this address; retry in " + wait + " s", wait)));
            }
        }
        return projects.authenticateServerKey(key).thenApply(p -> {
            if (p.isEmpty() && address != null) {
                keyFailures.failed(address);
            }
            return p;
        });
    }

    private CompletionStage<WebResponse> serve(String endpoint, Optional<Project> project, JsonNode body) {
        if (project.isEmpty()) {
            return done(problem(ApiProblem.unauthorized("unknown API key (use the project's server_api_key)")));
        }
        Project p = project.get();
        long wait = limiter.acquire(p.id());
        if (wait > 0) {
            return done(problem(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "too many requests for this project; retry in " + wait + " s", wait)));
        }
        CompletionStage<RealtimeApi.Answer> answer = switch (endpoint) {
            case "token" -> CompletableFuture.completedFuture(api.token(p, body));
            case "subscription-token" -> CompletableFuture.completedFuture(api.subscriptionToken(p, body));
            case "publish" -> api.publish(p, body);
            case "history" -> api.history(p, body);
            case "history-remove" -> api.historyRemove(p, body);
            case "presence" -> api.presence(p, body);
            case "presence-stats" -> api.presenceStats(p, body);
            case "channels" -> api.channels(p, body);
            case "broadcast" -> api.broadcast(p, body);
            case "unsubscribe" -> api.unsubscribe(p, body);
            case "disconnect" -> api.disconnect(p, body);
            default -> throw new IllegalStateException("unrouted endpoint " + endpoint);
        };
        return answer.thenApply(RealtimeApiEndpoint::answer);
    }

    private CompletionStage<WebResponse> health(WebRequest req) {
        if (!req.is("GET") && !req.is("HEAD")) {
            return done(problem(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "/api/health accepts GET only")));
        }
        return projects.ping().toCompletableFuture().orTimeout(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((v, e) -> {
                    ObjectNode out = JSON.createObjectNode();
                    out.put("status", e == null ? "ok" : "unavailable").put("engine", "ok")
                            .put("database", e == null ? "ok" : "unavailable");
                    return WebResponse.json(e == null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
                            bytes(out));
                });
    }

    /** {@code Authorization: apikey KEY} or {@code Bearer KEY}; null when absent or malformed. */
    static String apiKey(WebRequest req) {
        String auth = req.headers().get("authorization");
        if (auth == null) {
            return null;
        }
        String[] parts = auth.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        String scheme = parts[0].toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("apikey") || scheme.equals("bearer") ? parts[1] : null;
    }

    private static WebResponse failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiProblem.Failure f) {
            return problem(f.problem);
        }
        if (cause instanceof StorageException s) {
            // Expected under load or while the database is away: one line, no stack, no key.
            if (s.overloaded()) {
                LOG.debug("control-plane API request refused: {}", s.getMessage());
            } else {
                LOG.warn("control-plane API request failed: {}", s.getMessage());
            }
            return problem(ApiProblem.unavailable("the request could not be completed; try again"));
        }
        LOG.error("control-plane API request failed", cause);
        return problem(ApiProblem.unavailable("the request could not be completed; try again"));
    }

    private static WebResponse answer(RealtimeApi.Answer a) {
        return WebResponse.json(a.status(), bytes(a.body()));
    }

    static WebResponse problem(ApiProblem p) {
        ObjectNode out = JSON.createObjectNode();
        out.putObject("error").put("code", p.code()).put("message", p.message());
        WebResponse r = WebResponse.json(p.status(), bytes(out));
        if (p.retryAfterSeconds() > 0) {
            r.headers().set(WebResponse.RETRY_AFTER, p.retryAfterSeconds());
        }
        return r;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletionStage<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
