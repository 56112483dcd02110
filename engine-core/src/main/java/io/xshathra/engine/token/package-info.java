/**
 * Centrifugo-compatible JWT handling: {@link io.xshathra.engine.token.TokenVerifier} turns
 * connection and subscription tokens into {@link io.xshathra.engine.token.ConnectToken} and
 * {@link io.xshathra.engine.token.SubscriptionToken} values (spec §5), and
 * {@link io.xshathra.engine.token.TokenMinter} mints the HS256 tokens this server hands out (with
 * {@link io.xshathra.engine.token.HmacTokenSigner}), shaped by the verifier's settings. Keys:
 * an HMAC secret, PEM RSA/ECDSA public keys ({@link io.xshathra.engine.token.PemKeys}), or a JWKS
 * endpoint fetched asynchronously and cached by {@code kid}.
 *
 * <p>Failures are a checked {@link io.xshathra.engine.token.TokenException} with reason
 * {@code INVALID} or {@code EXPIRED}; callers map them to the protocol outcomes of spec §3.5
 * (disconnect 3500, error 103, error 109, …). This package knows nothing of namespaces:
 * resolving the channels a token names is the caller's job.
 */
package io.xshathra.engine.token;
