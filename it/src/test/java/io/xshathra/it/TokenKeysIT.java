package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RSA/ECDSA/JWKS tokens end to end: the test serves its own JWKS on loopback, rotates its keys,
 * and drives the real server over JSON WebSocket. Connection tokens come from the JWKS endpoint;
 * subscription tokens have their own ECDSA key ({@code client.subscription_token}).
 */
class TokenKeysIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final KeyPair RSA_A = generate("RSA", null);
    private static final KeyPair EC_B = generate("EC", "secp256r1");
    private static final KeyPair SUB_KEY = generate("EC", "secp384r1");
    private static final AtomicReference<String> JWKS = new AtomicReference<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();

    private static HttpServer jwksServer;
    private static ServerFixture server;

    @BeforeAll
    static void start() throws IOException {
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/keys", ex -> {
            FETCHES.incrementAndGet();
            byte[] b = JWKS.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        jwksServer.start();
        JWKS.set("{\"keys\":[" + rsaJwk("a", (RSAPublicKey) RSA_A.getPublic()) + "]}");
        String url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/keys";
        server = ServerFixture.builder()
                .client("token", Map.of("jwks_public_endpoint", url, "audience", "xs-it"))
                .client("subscription_token", Map.of("enabled", true, "ecdsa_public_key", pem(SUB_KEY)))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    @Test
    void jwksKeysRotateAndBadTokensAreRefused() {
        String user = "u" + SEQ.incrementAndGet();
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(sign("RS256", "a", RSA_A.getPrivate(), claims(user, "xs-it"))));
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
        }
        JWKS.set("{\"keys\":[" + ecJwk("b", (ECPublicKey) EC_B.getPublic()) + "]}");
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(sign("ES256", "b", EC_B.getPrivate(), claims(user, "xs-it"))));
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
        }
        assertThat(FETCHES.get()).isEqualTo(2);
        KeyPair stranger = generate("EC", "secp256r1");
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(sign("ES256", "b", stranger.getPrivate(), claims(user, "xs-it"))));
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(sign("ES256", "b", EC_B.getPrivate(), claims(user, "other-audience"))));
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(ServerFixture.token(user)));
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
    }

    @Test
    void subscriptionTokensUseTheirOwnKey() {
        String user = "s" + SEQ.incrementAndGet();
        String channel = "secure:" + user;
        JWKS.set("{\"keys\":[" + rsaJwk("a", (RSAPublicKey) RSA_A.getPublic()) + "]}");
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send(connect(sign("RS256", "a", RSA_A.getPrivate(), claims(user, "xs-it"))));
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
            String subClaims = "{\"sub\":\"" + user + "\",\"channel\":\"" + channel + "\"}";
            c.send(subscribe(2, channel, sign("ES256", null, generate("EC", "secp256r1").getPrivate(), subClaims)));
            assertThat(c.nextLine()).isEqualTo("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
            c.send(subscribe(3, channel, sign("ES384", null, SUB_KEY.getPrivate(), subClaims)));
            assertThat(c.nextLine()).startsWith("{\"id\":3,\"subscribe\":{");
        }
    }

    private static String claims(String user, String audience) {
        return "{\"sub\":\"" + user + "\",\"aud\":\"" + audience + "\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 600) + "}";
    }

    private static String connect(String token) {
        return "{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}";
    }

    private static String subscribe(int id, String channel, String token) {
        return "{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\",\"token\":\"" + token + "\"}}";
    }

    private static KeyPair generate(String alg, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair kp) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String sign(String alg, String kid, PrivateKey key, String claims) {
        String header = "{\"alg\":\"" + alg + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        String jca = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            default -> throw new IllegalArgumentException(alg);
        };
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rsaJwk(String kid, RSAPublicKey k) {
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"alg\":\"RS256\",\"n\":\"" + unsigned(k.getModulus(), 0)
                + "\",\"e\":\"" + unsigned(k.getPublicExponent(), 0) + "\"}";
    }

    private static String ecJwk(String kid, ECPublicKey k) {
        return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"P-256\",\"x\":\"" + unsigned(k.getW().getAffineX(), 32)
                + "\",\"y\":\"" + unsigned(k.getW().getAffineY(), 32) + "\"}";
    }

    /** Big-endian unsigned bytes, left-padded to {@code size} when it is non-zero. */
    private static String unsigned(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (size > b.length) {
            byte[] padded = new byte[size];
            System.arraycopy(b, 0, padded, size - b.length, b.length);
            b = padded;
        }
        return b64(b);
    }
}
