package io.xshathra.engine.sharedpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.sharedpoll.TrackSignatures.Batch;
import io.xshathra.engine.sharedpoll.TrackSignatures.Verdict;
import io.xshathra.protocol.ClientError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Track signatures: golden signatures computed outside this code base (HMAC-SHA256 over
 * iat, exp, user, channel and the keys' SHA-256, NUL-separated), key order, user and channel
 * binding, expiry with its grace, and key rotation.
 */
class TrackSignaturesTest {
    private static final long NOW = 1_700_000_100L;
    private static final String K1K2 = "1700000000:1700003600:9c4ba334fdc34cde7145f8e0635e82b07f3ea7bad6e9c2b1ca4d440a0d7e5c96";
    private static final String COLONS = "1700000000:0:3f41b83dbb1fa885c947f68c14dbb918ab656ad30d5faf52833f6321d3e9ae87";
    private static final String OLD_KEY = "1700000000:0:37e1091651018ae62dc3bedfaaeef715095efda432747bb0a11c2450d0d57edf";

    private static TrackSignatures sigs(String secret) {
        return new TrackSignatures(new SharedPollConfig(secret, "", 0, 0));
    }

    private static Verdict check(TrackSignatures s, String channel, String user, String sig, String... keys) {
        return s.verify(channel, user, List.of(new Batch(sig, List.of(keys))), NOW);
    }

    @Test
    void aGoldenSignatureVerifiesAndCarriesItsExpiry() {
        Verdict v = check(sigs("test-poll-secret"), "poll:x", "", K1K2, "k1", "k2");
        assertThat(v.ok()).isTrue();
        assertThat(v.expireAt()).containsExactly(1700003600L);
        Verdict colons = check(sigs("test-poll-secret"), "news:tech", "alice:org", COLONS, "a");
        assertThat(colons.ok()).as("colons in user and channel").isTrue();
        assertThat(colons.expireAt()).containsExactly(0L);
    }

    @Test
    void anythingElseSignedIsPermissionDenied() {
        TrackSignatures s = sigs("test-poll-secret");
        assertThat(check(s, "poll:x", "", K1K2, "k2", "k1").error()).as("key order").isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:x", "", K1K2, "k1").error()).as("fewer keys").isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:x", "u1", K1K2, "k1", "k2").error()).as("user").isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:y", "", K1K2, "k1", "k2").error()).as("channel").isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:x", "", K1K2.toUpperCase(), "k1", "k2").error()).as("upper-case hex")
                .isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:x", "", "garbage", "k1", "k2").error()).isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(s, "poll:x", "", "", "k1", "k2").error()).isEqualTo(ClientError.PERMISSION_DENIED);
        assertThat(check(sigs("other"), "poll:x", "", K1K2, "k1", "k2").error()).isEqualTo(ClientError.PERMISSION_DENIED);
    }

    @Test
    void oneBadBatchRejectsTheWholeRequest() {
        Verdict v = sigs("test-poll-secret").verify("poll:x", "", List.of(new Batch(K1K2, List.of("k1", "k2")),
                new Batch("1:2:00", List.of("k3"))), NOW);
        assertThat(v.error()).isEqualTo(ClientError.PERMISSION_DENIED);
    }

    @Test
    void anExpiredSignatureIsTokenExpiredAfterFiveSecondsOfGrace() {
        TrackSignatures s = sigs("test-poll-secret");
        long exp = 1700003600L;
        assertThat(s.verify("poll:x", "", List.of(new Batch(K1K2, List.of("k1", "k2"))), exp + 5).ok()).isTrue();
        assertThat(s.verify("poll:x", "", List.of(new Batch(K1K2, List.of("k1", "k2"))), exp + 6).error())
                .isEqualTo(ClientError.TOKEN_EXPIRED);
    }

    @Test
    void timestampsThatAreNotIntegersMeanNoExpiry() {
        String secret = "s";
        String payload = TrackSignatures.payload("x", "1", "", "poll:x", List.of("k"));
        String sig = "x:1:" + TrackSignatures.hmacHex(secret, payload);
        Verdict v = sigs(secret).verify("poll:x", "", List.of(new Batch(sig, List.of("k"))), NOW);
        assertThat(v.ok()).isTrue();
        assertThat(v.expireAt()).containsExactly(0L);
    }

    @Test
    void thePreviousKeyWorksUntilItsCutOff() {
        Batch b = new Batch(OLD_KEY, List.of("k1"));
        TrackSignatures open = new TrackSignatures(new SharedPollConfig("new-secret", "old-secret", 0, 0));
        assertThat(open.verify("poll:x", "", List.of(b), NOW).ok()).isTrue();
        TrackSignatures later = new TrackSignatures(new SharedPollConfig("new-secret", "old-secret", 1700000000L, 0));
        assertThat(later.verify("poll:x", "", List.of(b), NOW).ok()).as("issued at the cut-off").isTrue();
        TrackSignatures cut = new TrackSignatures(new SharedPollConfig("new-secret", "old-secret", 1699999999L, 0));
        assertThat(cut.verify("poll:x", "", List.of(b), NOW).error()).isEqualTo(ClientError.PERMISSION_DENIED);
        TrackSignatures none = new TrackSignatures(new SharedPollConfig("new-secret", "", 0, 0));
        assertThat(none.verify("poll:x", "", List.of(b), NOW).error()).isEqualTo(ClientError.PERMISSION_DENIED);
    }

    @Test
    void withoutASecretEveryTrackIsAnInternalError() {
        assertThat(check(sigs(""), "poll:x", "", K1K2, "k1", "k2").error()).isEqualTo(ClientError.INTERNAL);
    }
}
