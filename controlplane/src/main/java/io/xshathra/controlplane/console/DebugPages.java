package io.xshathra.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The debug tool: publish into the project's space through the engine's server API in process,
 * and mint the short-lived tokens of the page's own subscriber. A publish from the page's script
 * ({@code Accept: application/json}) is answered with JSON; a plain form post re-renders the page.
 */
final class DebugPages {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String DEFAULT_DATA = "{\"text\": \"hello from the console\"}";

    /** A refused input: which field, and why. */
    private record Refusal(String field, String message) {
    }

    private final ConsoleContext ctx;
    private final Layout layout;
    private final ConsoleTokens tokens;

    DebugPages(ConsoleContext ctx, Layout layout) {
        this.ctx = ctx;
        this.layout = layout;
        this.tokens = new ConsoleTokens(ctx.tokens());
    }

    /** The project's own namespaces: the debug tool publishes into the project's channel space. */
    private ChannelRules rules(Project p) {
        return ctx.node().channelRules(p.id());
    }

    private List<String> namespaces(Project p) {
        return rules(p).config().namespaces().keySet().stream().sorted().toList();
    }

    private String defaultChannel(Project p) {
        return Snippets.exampleChannel(namespaces(p), "console");
    }

    CompletionStage<WebResponse> page(Visitor v, Project p) {
        return Responses.done(render(v, p, new DebugView.State(defaultChannel(p), DEFAULT_DATA, "", "", ""),
                HttpStatus.OK));
    }

    private WebResponse render(Visitor v, Project p, DebugView.State s, HttpStatus status) {
        Safe main = DebugView.main(v, p, namespaces(p), ctx.websocketPath(),
                tokens.available() ? null : tokens.unavailableReason(), s);
        return Responses.html(status, layout.page(v, "Debug · " + p.name(), main, true));
    }

    CompletionStage<WebResponse> publish(ConsoleRequest r, Visitor v, Project p, boolean json) {
        String channel = r.form().get("channel").strip();
        String data = r.form().get("data");
        Refusal refused = checkChannel(p, "channel", channel);
        byte[] payload = null;
        if (refused == null) {
            try {
                payload = payload(data);
            } catch (IllegalArgumentException e) {
                refused = new Refusal("data", e.getMessage());
            }
        }
        if (refused != null) {
            Refusal why = refused;
            return Responses.done(json ? Responses.json(HttpStatus.BAD_REQUEST, error(why))
                    : render(v, p, new DebugView.State(channel, data, why.field().equals("channel") ? why.message() : "",
                            why.field().equals("data") ? why.message() : "", ""), HttpStatus.BAD_REQUEST));
        }
        ApiRequests.Publish req = new ApiRequests.Publish(channel, payload, false, Map.of(), null);
        return publish(p, req).thenApply(res -> json ? publishJson(channel, res)
                : render(v, p, new DebugView.State(channel, data, "", "", describe(channel, res)),
                        res.error() == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST));
    }

    /** The one call into the engine for a publish. */
    private CompletionStage<ApiResponse<StreamPosition>> publish(Project p, ApiRequests.Publish req) {
        return ctx.api().inProject(p.id()).execute(req).thenApply(ApiExecutor::asPosition);
    }

    private static WebResponse publishJson(String channel, ApiResponse<StreamPosition> res) {
        if (res.error() != null) {
            return Responses.json(HttpStatus.BAD_REQUEST,
                    error(new Refusal("channel", describe(channel, res))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        if (res.result() != null && res.result().offset() > 0) {
            out.put("offset", res.result().offset());
            out.put("epoch", res.result().epoch());
        }
        return Responses.json(HttpStatus.OK, out);
    }

    private static String describe(String channel, ApiResponse<StreamPosition> res) {
        if (res.error() == null) {
            StreamPosition pos = res.result();
            return pos != null && pos.offset() > 0
                    ? "Published to " + channel + " at offset " + pos.offset() + "."
                    : "Published to " + channel + ".";
        }
        ApiError error = res.error();
        if (error == ApiError.UNKNOWN_CHANNEL) {
            return "The namespace of \u201c" + channel + "\u201d is not configured on this server.";
        }
        if (error == ApiError.BAD_REQUEST) {
            return "The channel's namespace does not accept this payload.";
        }
        return "The engine could not publish: " + res.error().message() + ".";
    }

    private static Map<String, Object> error(Refusal r) {
        return Map.of("error", Map.of("code", "invalid_" + r.field(), "field", r.field(), "message", r.message()));
    }

    /** Compact JSON bytes of the payload, within the engine's message size. */
    private byte[] payload(String data) {
        if (data.isBlank()) {
            throw new IllegalArgumentException("Enter a JSON payload, for example {\"text\": \"hi\"}.");
        }
        JsonSyntax.check(data).ifPresent(problem -> {
            throw new IllegalArgumentException("This is not valid JSON. " + problem.describe());
        });
        JsonNode tree;
        byte[] bytes;
        try {
            tree = JSON.readTree(data);
            bytes = JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("This is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "." : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")."));
        }
        int limit = ctx.node().config().websocket().messageSizeLimit();
        if (limit > 0 && bytes.length > limit) {
            throw new IllegalArgumentException("The payload is " + bytes.length + " bytes; the limit is " + limit + ".");
        }
        return bytes;
    }

    /** Null when the channel is usable; else why not. */
    private Refusal checkChannel(Project p, String field, String channel) {
        ChannelRules rules = rules(p);
        if (channel.isEmpty()) {
            return new Refusal(field, "Enter a channel, for example " + defaultChannel(p) + ".");
        }
        return switch (rules.validate(channel)) {
            case UNKNOWN_NAMESPACE -> new Refusal(field,
                    "The namespace of \u201c" + channel + "\u201d is not configured on this server.");
            case INVALID_NAME -> new Refusal(field, "\u201c" + channel + "\u201d is not a valid channel name (at most "
                    + rules.config().maxLength() + " bytes, ASCII unless the namespace sets channel_regex).");
            case VALID -> null;
        };
    }

    /** {@code POST /projects/{id}/debug/token}: the subscriber's connection and subscription tokens. */
    CompletionStage<WebResponse> token(ConsoleRequest r, Visitor v, Project p) {
        if (!tokens.available() || ctx.websocketPath().isEmpty()) {
            return Responses.done(Responses.jsonError(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    ctx.websocketPath().isEmpty() ? "The subscriber needs the WebSocket endpoint."
                            : "This server can not mint tokens the engine accepts: " + tokens.unavailableReason()));
        }
        String channel = r.form().get("channel").strip();
        Refusal refused = checkChannel(p, "channel", channel);
        if (refused != null) {
            return Responses.done(Responses.json(HttpStatus.BAD_REQUEST, error(refused)));
        }
        ConsoleTokens.Pair pair = tokens.mint(v.account().id(), p.id(), channel);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("websocketPath", ctx.websocketPath());
        out.put("user", pair.user());
        out.put("channel", channel);
        out.put("connectionToken", pair.connectionToken());
        out.put("subscriptionToken", pair.subscriptionToken());
        out.put("expiresInSeconds", ConsoleTokens.TTL.toSeconds());
        return Responses.done(Responses.json(HttpStatus.OK, out));
    }
}
