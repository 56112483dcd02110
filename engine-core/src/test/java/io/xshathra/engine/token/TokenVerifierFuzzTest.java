package io.xshathra.engine.token;

import static io.xshathra.engine.token.TestJwt.HS256_HEADER;
import static io.xshathra.engine.token.TestJwt.SECRET;
import static io.xshathra.engine.token.TestJwt.b64;
import static io.xshathra.engine.token.TestJwt.hs256;
import static io.xshathra.engine.token.TestJwt.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded, bounded fuzzing: whatever the input, verification returns a token or throws
 * {@link TokenException} with a reason, and its message never echoes the input.
 * Seeds are fixed so a failure reproduces; the failing input is printed in the assertion.
 */
class TokenVerifierFuzzTest {

    private static final int ROUNDS = 1_000;
    private static final List<String> CLAIMS = List.of("sub", "exp", "nbf", "iat", "jti", "aud", "iss", "info",
            "b64info", "channels", "subs", "meta", "expire_at", "projectId", "channel", "client", "data", "b64data",
            "override", "uid", "presence", "value", "join_leave");
    private static final List<String> ALGS = List.of("HS256", "HS384", "HS512", "none", "RS256", "ES256", "EdDSA", "");

    private final TokenVerifier plain = TestJwt.verifier();
    private final TokenVerifier strict = TestJwt.verifier(TestJwt.config("app", Pattern.compile("a"), "iss",
            Pattern.compile("^i"), "uid"));

    @Test
    void garbageStringsAreInvalid() {
        Random random = new Random(1);
        List<String> fixed = List.of("", ".", "..", "...", "a.b.c", "a.b.c.d", "=.=.=", " ", "\u0000", "\uD800",
                "eyJ", "eyJhbGciOiJIUzI1NiJ9..", "eyJhbGciOiJIUzI1NiJ9.e30.", ".e30.c2ln");
        fixed.forEach(this::verifyAll);
        for (int i = 0; i < ROUNDS; i++) {
            verifyAll(randomString(random, random.nextInt(120), "abcXYZ019-_.=+/ {}\"\u00e9\u2603\uD83D\uDE00\n"));
        }
    }

    @Test
    void threeRandomBase64PartsAreInvalid() {
        Random random = new Random(2);
        for (int i = 0; i < ROUNDS; i++) {
            String token = b64(randomBytes(random, random.nextInt(64))) + "." + b64(randomBytes(random, random.nextInt(64)))
                    + "." + b64(randomBytes(random, random.nextInt(80)));
            verifyAll(token);
            assertInvalid(token);
        }
    }

    @Test
    void mutatedValidTokensNeverEscape() {
        Random random = new Random(3);
        String valid = hs256("{\"sub\":\"u\",\"channel\":\"c\",\"exp\":" + (TestJwt.NOW + 60) + ",\"info\":{\"a\":[1,2]}}");
        for (int i = 0; i < ROUNDS; i++) {
            String mutated = mutate(random, valid);
            verifyAll(mutated);
        }
    }

    @Test
    void signedRandomClaimsNeverEscape() {
        Random random = new Random(4);
        for (int i = 0; i < ROUNDS; i++) {
            StringBuilder payload = new StringBuilder("{");
            int claims = random.nextInt(6);
            for (int c = 0; c < claims; c++) {
                if (c > 0) {
                    payload.append(',');
                }
                payload.append('"').append(CLAIMS.get(random.nextInt(CLAIMS.size()))).append("\":");
                randomJson(random, payload, 3);
            }
            payload.append('}');
            verifyAll(hs256(payload.toString()));
            String header = "{\"alg\":\"" + ALGS.get(random.nextInt(ALGS.size())) + "\"}";
            verifyAll(signed(header, payload.toString(), "HmacSHA256", SECRET));
        }
    }

    @Test
    void deeplyNestedJsonIsInvalidWithoutStackOverflow() {
        String deepHeader = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(6_000) + "]".repeat(6_000) + "}";
        verifyAll(signed(deepHeader, "{}", "HmacSHA256", SECRET));
        String deepPayload = "{\"info\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        verifyAll(hs256(deepPayload));
        assertInvalid(hs256(deepPayload));
        String deepButAllowed = "{\"info\":" + "[".repeat(990) + "]".repeat(990) + "}";
        verifyAll(hs256(deepButAllowed));
    }

    @Test
    void signedRandomPayloadTextNeverEscapes() {
        Random random = new Random(5);
        for (int i = 0; i < ROUNDS; i++) {
            verifyAll(hs256(randomString(random, random.nextInt(60), "{}[]\":,0123456789.eE+-truefalsnl \\u")));
        }
    }

    private void verifyAll(String token) {
        for (TokenVerifier verifier : List.of(plain, strict)) {
            try {
                assertThat(verifier.verifyConnectToken(token)).isNotNull();
            } catch (TokenException e) {
                checkException(e, token);
            } catch (RuntimeException | Error e) {
                fail("connect token verification escaped with " + e + " for input <" + token + ">", e);
            }
            try {
                assertThat(verifier.verifySubscriptionToken(token)).isNotNull();
            } catch (TokenException e) {
                checkException(e, token);
            } catch (RuntimeException | Error e) {
                fail("subscription token verification escaped with " + e + " for input <" + token + ">", e);
            }
        }
    }

    private void assertInvalid(String token) {
        try {
            plain.verifyConnectToken(token);
            fail("accepted random token <" + token + ">");
        } catch (TokenException e) {
            assertThat(e.reason()).isEqualTo(TokenException.Reason.INVALID);
        }
    }

    private static void checkException(TokenException e, String token) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET);
        if (token.length() > 8) {
            assertThat(e.getMessage()).doesNotContain(token);
        }
    }

    private static String mutate(Random random, String token) {
        StringBuilder sb = new StringBuilder(token);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << random.nextInt(7))));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.insert(at, "A-_.=/+".charAt(random.nextInt(7)));
                case 3 -> sb.setLength(at);
                case 4 -> {
                    String[] parts = sb.toString().split("\\.", -1);
                    if (parts.length == 3) {
                        sb.setLength(0);
                        sb.append(parts[random.nextInt(3)]).append('.').append(parts[random.nextInt(3)]).append('.')
                                .append(parts[random.nextInt(3)]);
                    }
                }
                default -> sb.replace(0, sb.indexOf(".") < 0 ? 0 : sb.indexOf("."),
                        b64("{\"alg\":\"" + ALGS.get(random.nextInt(ALGS.size())) + "\",\"typ\":\"JWT\"}"));
            }
        }
        return sb.toString();
    }

    private static void randomJson(Random random, StringBuilder out, int depth) {
        int kind = random.nextInt(depth > 0 ? 10 : 7);
        switch (kind) {
            case 0 -> out.append("null");
            case 1 -> out.append(random.nextBoolean());
            case 2 -> out.append(random.nextInt(3) == 0 ? random.nextLong() : TestJwt.NOW + random.nextInt(200) - 100);
            case 3 -> out.append(List.of("1e400", "-1e400", "1.5", "-0", "1e-999999999", "9999999999999999999999",
                    "1700000000.999999999", "0.0", "1E308", "-9223372036854775809").get(random.nextInt(10)));
            case 4 -> out.append('"').append(List.of("", "AAEC", "/w==", "%%", "1700000100", "app", "proj_1", "c", "\\u0000",
                    "\\ud800", "1e400").get(random.nextInt(11))).append('"');
            case 5 -> out.append('"').append(randomString(random, random.nextInt(10), "abc=+/09")).append('"');
            case 6 -> out.append(random.nextDouble() * 1e10);
            case 7, 8 -> {
                out.append('{');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append('"').append(CLAIMS.get(random.nextInt(CLAIMS.size()))).append("\":");
                    randomJson(random, out, depth - 1);
                }
                out.append('}');
            }
            default -> {
                out.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    randomJson(random, out, depth - 1);
                }
                out.append(']');
            }
        }
    }

    private static String randomString(Random random, int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
