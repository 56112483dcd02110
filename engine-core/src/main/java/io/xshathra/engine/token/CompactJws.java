package io.xshathra.engine.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWS in compact serialisation, split and decoded but not yet verified: nothing here may be
 * trusted before a {@link SignatureCheck} accepts it.
 *
 * <p>Parsing is strict where Go's decoder (and hence Centrifugo) is: exactly three parts, unpadded
 * base64url only (the alphabet is checked before decoding).
 *
 * @param header       the parsed JOSE header
 * @param signingInput ASCII bytes of {@code header.payload} as received
 * @param signature    decoded signature bytes, never empty
 * @param payloadPart  the payload part, still base64url-encoded
 */
record CompactJws(JoseHeader header, byte[] signingInput, byte[] signature, String payloadPart) {

    static CompactJws parse(String token) throws TokenException {
        if (token == null || token.isEmpty()) {
            throw TokenException.invalid("empty token");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw TokenException.invalid("not a compact JWS (three dot-separated parts expected)");
        }
        String headerPart = token.substring(0, first);
        String payloadPart = token.substring(first + 1, second);
        String signaturePart = token.substring(second + 1);
        if (!isBase64Url(headerPart) || headerPart.isEmpty() || !isBase64Url(payloadPart)
                || !isBase64Url(signaturePart)) {
            throw TokenException.invalid("malformed base64url encoding");
        }
        if (signaturePart.isEmpty()) {
            throw TokenException.invalid("unsigned token");
        }
        JoseHeader header = parseHeader(headerPart);
        return new CompactJws(header, token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                decode(signaturePart), payloadPart);
    }

    /** The decoded payload bytes. */
    byte[] payload() throws TokenException {
        return decode(payloadPart);
    }

    /** The last header segment accepted and its parse (immutable): see {@link #parseHeader}. */
    private record CachedHeader(String segment, JoseHeader header) {
    }

    private static volatile CachedHeader lastHeader;

    /**
     * Parses and checks the header. A backend signs every token with the same header, so the
     * last accepted segment is remembered: most tokens skip the JSON parse altogether.
     */
    private static JoseHeader parseHeader(String headerPart) throws TokenException {
        CachedHeader cached = lastHeader;
        if (cached != null && cached.segment().equals(headerPart)) {
            return cached.header();
        }
        JoseHeader header = parseHeaderUncached(headerPart);
        lastHeader = new CachedHeader(headerPart, header);
        return header;
    }

    private static JoseHeader parseHeaderUncached(String headerPart) throws TokenException {
        // alg "none" and JWE headers are refused here too.
        JoseHeader header = JoseHeader.parse(decode(headerPart));
        // RFC 7515 §4.1.11: extensions we do not understand must make the token invalid. We
        // understand none; "b64":false (RFC 7797) would change the signing input.
        if (header.critical()) {
            throw TokenException.invalid("unsupported critical header parameters");
        }
        if (!header.encodedPayload()) {
            throw TokenException.invalid("unencoded payload not supported");
        }
        return header;
    }

    private static byte[] decode(String part) throws TokenException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw TokenException.invalid("malformed base64url encoding");
        }
    }

    private static boolean isBase64Url(String s) {
        if (s.length() % 4 == 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
