package io.xshathra.engine.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.xshathra.engine.config.TokenConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verification with keys from a JWKS endpoint served on loopback by the test itself. */
class JwksTokenTest {

    private static final KeyPair RSA = TestKeys.rsa();
    private static final KeyPair P256 = TestKeys.ec("secp256r1");
    private static final KeyPair ED = TestKeys.ed25519();
    private static final String CLAIMS = "{\"sub\":\"42\",\"exp\":" + (TestJwt.NOW + 60) + "}";

    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", ex -> {
            requests.incrementAndGet();
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        body.set(TestKeys.jwks(TestKeys.jwk("rsa-1", RSA.getPublic()), TestKeys.jwk("ec-1", P256.getPublic()),
                TestKeys.jwk("ed-1", ED.getPublic())));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    private TokenVerifier verifier() {
        return TestJwt.verifier(TokenConfig.hmac(TestJwt.SECRET).withPublicKeys("", "", url()));
    }

    @Test
    void everyKeyTypeVerifiesAndTheSetIsFetchedOnce() throws TokenException {
        TokenVerifier v = verifier();
        assertThat(v.verifyConnectToken(TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(TestKeys.sign("RS512", "rsa-1", RSA.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(TestKeys.sign("ES256", "ec-1", P256.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(v.verifyConnectToken(TestKeys.sign("EdDSA", "ed-1", ED.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(requests.get()).isEqualTo(1);
        // Cached keys answer at once: the stage is already complete.
        assertThat(v.connectToken(TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS))
                .toCompletableFuture().isDone()).isTrue();
    }

    @Test
    void jwksReplacesStaticKeys() {
        TokenVerifier v = verifier();
        PublicKeyTokenTest.assertInvalid(v, TestJwt.hs256(CLAIMS));
    }

    @Test
    void missingOrUnknownKidAndMismatchedAlgorithmAreInvalid() {
        TokenVerifier v = verifier();
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("RS256", null, RSA.getPrivate(), CLAIMS));
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("RS256", "nope", RSA.getPrivate(), CLAIMS));
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("ES384", "ec-1", TestKeys.ec("secp384r1").getPrivate(), CLAIMS));
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("RS256", "rsa-1", TestKeys.rsa().getPrivate(), CLAIMS));
        String rs = TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS);
        PublicKeyTokenTest.assertInvalid(v, TestJwt.b64("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}") + rs.substring(rs.indexOf('.')));
    }

    @Test
    void rotationIsPickedUpOnTheFirstUnknownKid() throws TokenException {
        TokenVerifier v = verifier();
        assertThat(v.verifyConnectToken(TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        KeyPair next = TestKeys.rsa();
        body.set(TestKeys.jwks(TestKeys.jwk("rsa-2", next.getPublic())));
        assertThat(v.verifyConnectToken(TestKeys.sign("RS256", "rsa-2", next.getPrivate(), CLAIMS)).userId()).isEqualTo("42");
        assertThat(requests.get()).isEqualTo(2);
        // The old key left the set with the refetch.
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS));
    }

    @Test
    void aFloodOfUnknownKidsSharesFewFetches() {
        JwksKeySource source = new JwksKeySource(URI.create(url()), Clock.systemUTC(), Duration.ofHours(1),
                Duration.ofMillis(300));
        long start = System.nanoTime();
        List<CompletableFuture<Jwk>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(source.fetch("made-up-" + i).toCompletableFuture());
            if (i % 50 == 49) {
                CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(all).allSatisfy(f -> assertThat(f.join()).isNull());
        // Four waves, each waiting for the next allowed fetch: never more than one per 300 ms.
        assertThat(requests.get()).isLessThanOrEqualTo(1 + (int) (elapsedMillis / 300));
        assertThat(requests.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void anUnreadableEndpointIsUnavailableNotInvalid() {
        status.set(500);
        TokenVerifier v = verifier();
        assertThatThrownBy(() -> v.verifyConnectToken(TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS)))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNAVAILABLE));
        body.set("{\"no\":\"keys\"}");
        status.set(200);
        assertThatThrownBy(() -> v.verifyConnectToken(TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS)))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNAVAILABLE));
    }

    @Test
    void keysOffTheCurveOrForEncryptionAreSkipped() {
        String ec = TestKeys.jwk("ec-1", P256.getPublic());
        String offCurve = ec.replaceFirst("\"y\":\"[^\"]+\"", "\"y\":\"" + TestJwt.b64(new byte[32]) + "\"");
        String enc = TestKeys.jwk("rsa-1", RSA.getPublic()).replace("\"use\":\"sig\"", "\"use\":\"enc\"");
        body.set(TestKeys.jwks(offCurve, enc));
        TokenVerifier v = verifier();
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("ES256", "ec-1", P256.getPrivate(), CLAIMS));
        PublicKeyTokenTest.assertInvalid(v, TestKeys.sign("RS256", "rsa-1", RSA.getPrivate(), CLAIMS));
    }
}
