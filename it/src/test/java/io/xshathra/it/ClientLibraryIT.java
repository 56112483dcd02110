package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xshathra.client.InvalidRequestException;
import io.xshathra.client.PayloadTooLargeException;
import io.xshathra.client.PublishRequest;
import io.xshathra.client.PublishResult;
import io.xshathra.client.RateLimitedException;
import io.xshathra.client.SubscriptionTokenRequest;
import io.xshathra.client.Token;
import io.xshathra.client.TokenRequest;
import io.xshathra.client.TransportException;
import io.xshathra.client.UnauthorizedException;
import io.xshathra.client.UnavailableException;
import io.xshathra.client.UnknownNamespaceException;
import io.xshathra.client.XshathraClient;
import io.xshathra.client.XshathraException;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code xshathra-client} library against the real server: a token it mints connects a real
 * WebSocket client, a publication it sends reaches that client, and every error the server
 * produces arrives as its typed exception.
 */
class ClientLibraryIT {
    private static ServerFixture server;
    private static CreatedProject project;
    private static XshathraClient xs;

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
        project = project(server, "p");
        xs = client(server, project.serverApiKey());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CreatedProject project(ServerFixture s, String name) {
        ControlPlaneStore store = s.launcher().store();
        String owner = store.accounts().createUser(name + "-owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        return store.projects().create(owner, name).toCompletableFuture().join();
    }

    static XshathraClient client(ServerFixture s, String key) {
        return XshathraClient.builder().baseUrl("http://127.0.0.1:" + s.port()).serverKey(key)
                .timeout(Duration.ofSeconds(10)).build();
    }

    /** A raw WebSocket client connected with {@code token}. */
    static WsClient connect(ServerFixture s, Token token) {
        WsClient c = WsClient.open(s.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + token.token() + "\"}}");
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
        return c;
    }

    @Test
    void aMintedTokenConnectsAndAPublicationArrives() throws Exception {
        Token token = xs.token(TokenRequest.of("alice").withTtlSeconds(600).withInfo(Map.of("name", "Alice")));
        assertThat(token.expiresInSeconds()).isEqualTo(600);
        try (WsClient alice = connect(server, token)) {
            alice.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:lib\"}}");
            assertThat(alice.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
            PublishResult r = xs.publish(PublishRequest.json("chat:lib", Map.of("text", "hello")));
            assertThat(r.channel()).isEqualTo("chat:lib");
            assertThat(r.offset()).as("chat keeps history").isEqualTo(1);
            assertThat(r.epoch()).isNotEmpty();
            assertThat(alice.nextLineContaining("\"pub\"")).contains("{\"text\":\"hello\"}").contains("\"offset\":1");

            PublishResult again = xs.publishAsync(PublishRequest.rawJson("chat:lib", "{\"n\":2}")
                    .withIdempotencyKey("lib-2").withTags(Map.of("kind", "note"))).get();
            assertThat(again.offset()).isEqualTo(2);
            assertThat(alice.nextLineContaining("\"pub\"")).contains("{\"n\":2}").contains("\"kind\":\"note\"");
            assertThat(xs.publish(PublishRequest.rawJson("chat:lib", "{\"n\":2}").withIdempotencyKey("lib-2")))
                    .as("a repeat of the idempotency key is the first result").isEqualTo(again);
        }
    }

    @Test
    void theProjectsUsageIsReadPerMinute() {
        XshathraClient own = client(server, project(server, "usage").serverApiKey());
        try (WsClient carol = connect(server, own.token(TokenRequest.of("carol")))) {
            carol.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:usage\"}}");
            assertThat(carol.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
            own.publish(PublishRequest.json("chat:usage", Map.of("n", 1)));
            own.publish(PublishRequest.json("chat:usage", Map.of("n", 2)));
            assertThat(carol.nextLineContaining("\"n\":2")).contains("\"pub\"");
            io.xshathra.testkit.Await.until(() -> own.usage().totals().deliveriesOut() == 2,
                    "the two deliveries are counted");
            io.xshathra.client.Usage day = own.usage();
            assertThat(day.minutes()).hasSize(1440);
            assertThat(day.totals().publicationsIn()).isEqualTo(2);
            assertThat(day.totals().peakConnections()).isEqualTo(1);
            long last = day.minutes().get(1439).timeMs();
            java.time.Instant lastStart = java.time.Instant.ofEpochMilli(last);
            assertThat(own.usage(lastStart, lastStart.plusSeconds(60)).minutes()).extracting(m -> m.timeMs())
                    .containsExactly(last);
            assertThatThrownBy(() -> own.usage(java.time.Instant.EPOCH, lastStart))
                    .isInstanceOf(io.xshathra.client.InvalidRequestException.class).hasMessageContaining("fromMs");
        }
    }

    @Test
    void aMintedSubscriptionTokenOpensAChannelThatNeedsOne() {
        Token conn = xs.token(TokenRequest.of("bob"));
        Token sub = xs.subscriptionToken(SubscriptionTokenRequest.of("bob", "secure:lib").withTtlSeconds(120));
        assertThat(sub.expiresInSeconds()).isEqualTo(120);
        try (WsClient bob = connect(server, conn)) {
            bob.send("{\"id\":2,\"subscribe\":{\"channel\":\"secure:lib\",\"token\":\"" + sub.token() + "\"}}");
            assertThat(bob.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
            xs.publish(PublishRequest.json("secure:lib", List.of(1, 2, 3)));
            assertThat(bob.nextLineContaining("\"pub\"")).contains("[1,2,3]");
        }
    }

    @Test
    void invalidFieldsAreNamed() {
        InvalidRequestException ttl = catchThrowableOfType(
                () -> xs.token(TokenRequest.of("alice").withTtlSeconds(5)), InvalidRequestException.class);
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.code()).isEqualTo("invalid_field");
        assertThat(ttl.field()).isEqualTo("ttlSeconds");
        assertThat(ttl.getMessage()).contains("between 30 and 3600");

        InvalidRequestException channel = catchThrowableOfType(() -> xs.token(TokenRequest.of("alice")
                .withChannels(List.of("chat:ok", "chat:bad\u0001"))), InvalidRequestException.class);
        assertThat(channel.field()).isEqualTo("channels[1]");

        InvalidRequestException user = catchThrowableOfType(() -> xs.token(TokenRequest.of("")),
                InvalidRequestException.class);
        assertThat(user.field()).isEqualTo("userId");
    }

    @Test
    void anUnknownNamespaceIsItsOwnError() {
        UnknownNamespaceException pub = catchThrowableOfType(
                () -> xs.publish(PublishRequest.json("nowhere:x", 1)), UnknownNamespaceException.class);
        assertThat(pub.status()).isEqualTo(400);
        assertThat(pub.field()).isEqualTo("channel");
        UnknownNamespaceException sub = catchThrowableOfType(
                () -> xs.subscriptionToken(SubscriptionTokenRequest.of("a", "nowhere:x")),
                UnknownNamespaceException.class);
        assertThat(sub.field()).isEqualTo("channel");
    }

    @Test
    void anUnknownKeyIsUnauthorized() {
        XshathraClient wrong = client(server, "xs_sk_not-a-key-of-any-project");
        UnauthorizedException e = catchThrowableOfType(() -> wrong.token(TokenRequest.of("a")),
                UnauthorizedException.class);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("unauthorized");
        assertThat(e.getMessage()).doesNotContain("xs_sk_not-a-key-of-any-project");
        assertThat(e.getMessage()).doesNotContain(project.serverApiKey());
    }

    @Test
    void oversizeDataAndBodiesArePayloadTooLarge() {
        byte[] data = new byte[70_000];
        PayloadTooLargeException payload = catchThrowableOfType(
                () -> xs.publish(PublishRequest.binary("chat:lib", data)), PayloadTooLargeException.class);
        assertThat(payload.status()).isEqualTo(413);
        assertThat(payload.code()).isEqualTo("payload_too_large");
        assertThat(payload.field()).isEqualTo("data");
        PayloadTooLargeException body = catchThrowableOfType(
                () -> xs.publish(PublishRequest.json("chat:lib", "x".repeat(200_000))), PayloadTooLargeException.class);
        assertThat(body.code()).isEqualTo("body_too_large");
    }

    @Test
    void tooManyRequestsAreRateLimitedWithRetryAfter() {
        XshathraClient busy = client(server, project(server, "busy").serverApiKey());
        RateLimitedException limited = null;
        for (int batch = 0; batch < 20 && limited == null; batch++) {
            List<CompletableFuture<Token>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                calls.add(busy.tokenAsync(TokenRequest.of("u" + i)));
            }
            for (CompletableFuture<Token> c : calls) {
                Throwable e = c.handle((v, x) -> x).join();
                if (e instanceof RateLimitedException r) {
                    limited = r;
                } else if (e != null) {
                    throw new AssertionError("unexpected failure", e);
                }
            }
        }
        assertThat(limited).as("a 429 within 1,200 calls").isNotNull();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aServerThatCanNotSignIsUnavailable() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        try (ServerFixture rsa = ServerFixture.builder().client("token", Map.of("rsa_public_key", pem)).start()) {
            XshathraClient c = client(rsa, project(rsa, "rsa").serverApiKey());
            UnavailableException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")),
                    UnavailableException.class);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("client.token.hmac_secret_key");
        }
    }

    @Test
    void aStoppedServerIsATransportFailure() {
        ServerFixture gone = ServerFixture.start();
        XshathraClient c = client(gone, "xs_sk_whatever");
        gone.close();
        TransportException e = catchThrowableOfType(() -> c.token(TokenRequest.of("a")), TransportException.class);
        assertThat(e.status()).isZero();
        assertThat(e.code()).isIn(XshathraException.TRANSPORT, XshathraException.TIMEOUT);
    }
}
