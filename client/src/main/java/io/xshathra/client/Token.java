package io.xshathra.client;

/**
 * A minted JWT and its lifetime. Hand {@link #token()} to the browser or app that connects;
 * {@link #toString()} leaves the token out, so logging the record does not leak it.
 *
 * @param token            the signed JWT
 * @param expiresInSeconds seconds until it expires, counted from when the server signed it
 */
public record Token(String token, int expiresInSeconds) {
    @Override
    public String toString() {
        return "Token[token=(" + (token == null ? 0 : token.length()) + " chars), expiresInSeconds="
                + expiresInSeconds + "]";
    }
}
