package io.xshathra.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.protocol.proto.EmulationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The emulation endpoint: HTTP-streaming and SSE clients post their commands here as an
 * {@code EmulationRequest} (JSON, whose {@code data} is a string holding the command frame, or
 * Protobuf with {@code application/octet-stream}). The {@link EmulationRouter} finds the session;
 * the answer is 204 when delivered, 404 for an unknown node or session, 400 for an undecodable
 * body and 413 for one over the limit. What the frame itself contains is the session's business:
 * a bad frame closes that connection only.
 */
final class EmulationRoute implements HttpRoute {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<String> paths;
    private final EmulationRouter router;
    private final int maxBody;
    private final OriginCheck origins;

    EmulationRoute(Set<String> paths, EmulationRouter router, int maxBody, List<String> allowedOrigins) {
        this.paths = Set.copyOf(paths);
        this.router = router;
        this.maxBody = maxBody;
        this.origins = new OriginCheck(allowedOrigins);
    }

    @Override
    public boolean matches(String path) {
        return paths.contains(path);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path) {
        if (req.method().equals(HttpMethod.OPTIONS)) {
            return done(Cors.preflight(req.headers(), "POST, OPTIONS"));
        }
        if (!req.method().equals(HttpMethod.POST)) {
            return done(HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"));
        }
        if (!origins.allows(req.headers().get(HttpHeaderNames.ORIGIN))) {
            return done(HttpResponses.text(HttpResponseStatus.FORBIDDEN, "Forbidden"));
        }
        if (req.content().readableBytes() > maxBody) {
            return done(cors(req, HttpResponses.bodyTooLarge(maxBody)));
        }
        EmulationRequest er = decode(req);
        if (er == null || er.getSession().isEmpty() || er.getData().isEmpty()) {
            return done(cors(req, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad Request")));
        }
        return router.route(er.getNode(), er.getSession(), er.getData().toByteArray()).thenApply(outcome -> cors(req,
                switch (outcome) {
                    case DELIVERED -> HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
                    case UNKNOWN_NODE, UNKNOWN_SESSION -> HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not Found");
                }));
    }

    /** The request, or null when the body is not an emulation request. */
    static EmulationRequest decode(FullHttpRequest req) {
        byte[] body = ByteBufUtil.getBytes(req.content());
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            try {
                return EmulationRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                return null;
            }
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                return null;
            }
            JsonNode node = n.path("node");
            JsonNode session = n.path("session");
            JsonNode data = n.path("data");
            if (!node.isTextual() && !node.isMissingNode() || !session.isTextual() || !data.isTextual()) {
                return null;
            }
            return EmulationRequest.newBuilder().setNode(node.asText("")).setSession(session.asText())
                    .setData(com.google.protobuf.ByteString.copyFrom(data.asText(), StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            return null;
        }
    }

    private static FullHttpResponse cors(FullHttpRequest req, FullHttpResponse resp) {
        Cors.apply(req.headers(), resp.headers());
        return resp;
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
