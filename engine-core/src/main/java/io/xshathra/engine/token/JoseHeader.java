package io.xshathra.engine.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;

/**
 * The JOSE header of a JWS (RFC 7515 §4), read strictly enough that nothing a signature check
 * relies on is ambiguous: one JSON object with no member twice and nothing after it; {@code alg}
 * a string other than {@code none}; no {@code enc} (a JWE); the registered members, when present
 * and not null, of their registered types ({@code crit} and {@code x5c} arrays of strings,
 * {@code jwk} an object, {@code b64} a boolean, {@code jku} and {@code x5u} URIs, the others
 * strings). Other members are allowed and ignored. Nothing in it is trusted: no key is ever taken
 * from the header.
 *
 * @param alg          the algorithm name, as given ({@code HS256}, {@code RS256}, ...)
 * @param kid          the key id, or null
 * @param critical     whether {@code crit} names any parameter (none is understood here)
 * @param encodedPayload false when {@code b64} is false (RFC 7797: an unencoded payload)
 */
record JoseHeader(String alg, String kid, boolean critical, boolean encodedPayload) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Parses the decoded header bytes; {@link TokenException} (invalid) for anything else. */
    static JoseHeader parse(byte[] json) throws TokenException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed();
            }
            Set<String> seen = new HashSet<>();
            String alg = null;
            String kid = null;
            boolean critical = false;
            boolean encodedPayload = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!seen.add(name)) {
                    throw malformed();
                }
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "alg" -> alg = string(p, value);
                    case "kid" -> kid = string(p, value);
                    case "typ", "cty", "x5t", "x5t#S256" -> string(p, value);
                    case "jku", "x5u" -> uri(string(p, value));
                    case "crit" -> critical = stringArray(p, value) > 0;
                    case "x5c" -> stringArray(p, value);
                    case "jwk" -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw malformed();
                        }
                        p.skipChildren();
                    }
                    case "b64" -> {
                        if (!value.isBoolean()) {
                            throw malformed();
                        }
                        encodedPayload = value == JsonToken.VALUE_TRUE;
                    }
                    case "enc" -> throw malformed(); // a JWE header
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed();
            }
            if (alg == null || alg.equals("none")) {
                throw malformed();
            }
            return new JoseHeader(alg, kid, critical, encodedPayload);
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static String string(JsonParser p, JsonToken value) throws IOException, TokenException {
        if (value != JsonToken.VALUE_STRING) {
            throw malformed();
        }
        return p.getText();
    }

    /** Checks an array of strings and returns its length. */
    private static int stringArray(JsonParser p, JsonToken value) throws IOException, TokenException {
        if (value != JsonToken.START_ARRAY) {
            throw malformed();
        }
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw malformed();
            }
            n++;
        }
        return n;
    }

    private static void uri(String s) throws TokenException {
        try {
            new URI(s);
        } catch (URISyntaxException e) {
            throw malformed();
        }
    }

    private static TokenException malformed() {
        return TokenException.invalid("malformed or unsigned JOSE header");
    }
}
