package io.xshathra.bench.scenario;

import io.xshathra.bench.wire.Hs256Signer;

/** Connection tokens for bench users, valid for an hour past the run; none without a secret. */
final class Tokens {
    private final Hs256Signer signer;
    private final long exp;

    Tokens(String secret, int runSeconds) {
        this.signer = secret == null || secret.isEmpty() ? null : new Hs256Signer(secret);
        this.exp = System.currentTimeMillis() / 1000 + runSeconds + 3600;
    }

    /** A token for {@code user}, or null when connecting without tokens. */
    String forUser(String user) {
        return signer == null ? null : signer.connectionToken(user, exp);
    }
}
