package io.xshathra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error answer the server gives (bodies shaped as {@code RealtimeApiEndpoint} writes them)
 * becomes its typed exception with status, code, message and field; answers that are not the
 * server's shape still fail typed; the server key never reaches a message.
 */
class ErrorsTest {
    private static final String KEY = XshathraClientTest.KEY;
    private final CannedServer server = start();
    private final XshathraClient client = XshathraClient.builder().baseUrl(server.url()).serverKey(KEY)
            .timeout(Duration.ofSeconds(5)).build();

    private static CannedServer start() {
        try {
            return new CannedServer();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(400, "invalid_field", "ttlSeconds: must be between 30 and 3600 (got 4000)",
                        InvalidRequestException.class, "ttlSeconds"),
                Arguments.of(400, "invalid_field", "channels[1]: \\\"a\\\\u0001\\\" is not a valid channel name",
                        InvalidRequestException.class, "channels[1]"),
                Arguments.of(400, "invalid_field", "tags.kind: must be a string", InvalidRequestException.class,
                        "tags.kind"),
                Arguments.of(400, "invalid_body", "the body is not valid JSON", InvalidRequestException.class, null),
                Arguments.of(400, "unknown_namespace",
                        "channel: the namespace of \\\"nope:x\\\" is not configured on this server",
                        UnknownNamespaceException.class, "channel"),
                Arguments.of(401, "unauthorized", "unknown API key (use the project's server_api_key)",
                        UnauthorizedException.class, null),
                Arguments.of(403, "forbidden", "this is a project's public client_api_key; the token and publish "
                        + "APIs need its server_api_key", UnauthorizedException.class, null),
                Arguments.of(413, "payload_too_large", "data: must be at most 65536 bytes (the engine's message "
                        + "size limit)", PayloadTooLargeException.class, "data"),
                Arguments.of(413, "body_too_large", "request body must be at most 65536 bytes",
                        PayloadTooLargeException.class, null),
                Arguments.of(503, "unavailable", "this server can not mint tokens: client.token.hmac_secret_key is "
                        + "not set", UnavailableException.class, null),
                Arguments.of(404, "not_found", "no such endpoint: /api/realtime/x", XshathraException.class, null),
                Arguments.of(415, "unsupported_media_type", "send Content-Type: application/json",
                        XshathraException.class, null),
                Arguments.of(408, "request_timeout", "the request took too long", XshathraException.class, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void errorAnswersBecomeTheirTypedException(int status, String code, String message,
            Class<? extends XshathraException> type, String field) {
        server.answer(status, error(code, message));
        XshathraException e = catchThrowableOfType(() -> client.token(TokenRequest.of("alice")),
                XshathraException.class);
        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message.replace("\\\\", "\\").replace("\\\"", "\""));
        assertThat(e.field()).isEqualTo(field);
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        server.answer(429, error("rate_limited", "too many requests for this project; retry in 3 s"),
                Map.of("Retry-After", "3"));
        RateLimitedException e = catchThrowableOfType(() -> client.publish(PublishRequest.json("c", 1)),
                RateLimitedException.class);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.status()).isEqualTo(429);
        server.answer(429, error("rate_limited", "slow down"), Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
        assertThat(catchThrowableOfType(() -> client.publish(PublishRequest.json("c", 1)),
                RateLimitedException.class).retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void answersNotShapedLikeOurErrorsStillFailTyped() {
        server.answer(502, "<html>Bad Gateway</html>");
        XshathraException e = catchThrowableOfType(() -> client.token(TokenRequest.of("a")), XshathraException.class);
        assertThat(e).isExactlyInstanceOf(XshathraException.class);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("http_502");
        server.answer(503, "");
        assertThat(catchThrowableOfType(() -> client.token(TokenRequest.of("a")), UnavailableException.class)
                .code()).isEqualTo("http_503");
        server.answer(429, "{\"error\":\"nope\"}", Map.of("Retry-After", "7"));
        assertThat(catchThrowableOfType(() -> client.token(TokenRequest.of("a")), RateLimitedException.class)
                .retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aSuccessWithAnUnexpectedBodyIsAnInvalidResponse() {
        for (String body : new String[] {"not json", "[1]", "{\"expiresInSeconds\":9}", "{\"token\":5}",
                "{\"token\":\"t\",\"expiresInSeconds\":\"soon\"}"}) {
            server.answer(200, body);
            XshathraException e = catchThrowableOfType(() -> client.token(TokenRequest.of("a")),
                    XshathraException.class);
            assertThat(e.code()).as(body).isEqualTo(XshathraException.INVALID_RESPONSE);
            assertThat(e.status()).isEqualTo(200);
        }
        server.answer(200, "{\"publications\":[{\"b64data\":\"!!\",\"offset\":1}]}");
        assertThat(catchThrowableOfType(() -> client.history(HistoryRequest.of("c")), XshathraException.class)
                .code()).isEqualTo(XshathraException.INVALID_RESPONSE);
        server.answer(200, "{\"clients\":[]}");
        assertThat(catchThrowableOfType(() -> client.presence("c"), XshathraException.class)
                .code()).isEqualTo(XshathraException.INVALID_RESPONSE);
    }

    @Test
    void theServerKeyNeverAppearsInMessagesOrToString() {
        server.answer(401, error("unauthorized", "key " + KEY + " is unknown"));
        UnauthorizedException e = catchThrowableOfType(() -> client.token(TokenRequest.of("a")),
                UnauthorizedException.class);
        assertThat(e.getMessage()).doesNotContain(KEY).contains("[redacted]");
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(client.toString()).doesNotContain(KEY).contains(server.url());
        XshathraClient.Builder b = XshathraClient.builder().baseUrl(server.url()).serverKey(KEY);
        assertThat(b.toString()).doesNotContain(KEY);
        Throwable refused = catchThrowableOfType(() -> XshathraClient.builder().serverKey("xs_pk_public-key-123"),
                IllegalArgumentException.class);
        assertThat(refused.getMessage()).doesNotContain("xs_pk_public-key-123");
        assertThatThrownBy(() -> XshathraClient.builder().serverKey("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("has space");
    }

    @Test
    void asyncCallsFailWithTheTypedExceptionItself() {
        server.answer(400, error("invalid_field", "userId: is required"));
        CompletableFuture<Token> f = client.tokenAsync(TokenRequest.of("a"));
        Throwable seen = f.handle((v, e) -> e).join();
        assertThat(seen).isInstanceOf(InvalidRequestException.class);
        assertThat(((XshathraException) seen).field()).isEqualTo("userId");
    }

    @Test
    void valuesThatAreNotJsonFailBeforeAnythingIsSent() {
        XshathraException raw = catchThrowableOfType(
                () -> client.publish(PublishRequest.rawJson("c", "{not json")), InvalidRequestException.class);
        assertThat(raw.status()).isZero();
        assertThat(raw.field()).isEqualTo("data");
        Object unwritable = new Object() {
            public Object getSelf() {
                throw new IllegalStateException("boom");
            }
        };
        CompletableFuture<PublishResult> f = client.publishAsync(PublishRequest.json("c", unwritable));
        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(InvalidRequestException.class);
        assertThat(server.seen).isEmpty();
    }
}
