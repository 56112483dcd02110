package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.controlplane.security.LoginThrottle;
import io.xshathra.controlplane.security.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in throttling by client address (through trusted proxies only, IPv6 per /64) and by
 * account (growing delays that spare the owner's known browser), and the cookie security modes.
 */
class ConsoleSignInProtectionTest {
    private static final String ADMIN = "admin@example.com";

    @TempDir
    Path dir;
    private ConsoleHarness h;

    private ConsoleHarness open(ConsoleOptions options) {
        h = new ConsoleHarness(dir, options);
        h.account(ADMIN);
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static Response login(Browser b, String email, String password) {
        if (b.csrf.isEmpty()) {
            b.get("/login");
        }
        return b.post("/login", "email", email, "password", password);
    }

    @Test
    void oneAddressGetsTenFailuresThenWaitsWhateverEmailsItTries() {
        open(ConsoleOptions.DEFAULTS);
        Browser attacker = h.browser().from("203.0.113.9");
        for (int i = 0; i < 10; i++) {
            assertThat(login(attacker, "user" + i + "@example.com", "wrong password").status()).isEqualTo(400);
        }
        Response r = login(attacker, ADMIN, ConsoleHarness.PASSWORD);
        assertThat(r.status()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 30L);
        assertThat(r.body()).contains("Too many failed attempts from your network");

        assertThat(login(h.browser().from("203.0.113.10"), ADMIN, ConsoleHarness.PASSWORD).status())
                .as("another address is not affected").isEqualTo(303);
        h.clock.advance(Duration.ofSeconds(30));
        assertThat(login(attacker, ADMIN, ConsoleHarness.PASSWORD).status()).as("one failure drained").isEqualTo(303);
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        open(ConsoleOptions.DEFAULTS);
        for (int i = 0; i < 10; i++) {
            Browser b = h.browser().from("2001:db8:1:2::" + Integer.toHexString(i + 1));
            assertThat(login(b, "x" + i + "@example.com", "wrong password").status()).isEqualTo(400);
        }
        assertThat(login(h.browser().from("2001:db8:1:2:ffff::1"), ADMIN, ConsoleHarness.PASSWORD).status())
                .isEqualTo(429);
        assertThat(login(h.browser().from("2001:db8:1:3::1"), ADMIN, ConsoleHarness.PASSWORD).status())
                .isEqualTo(303);
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        open(ConsoleOptions.DEFAULTS);
        Browser direct = h.browser().from("127.0.0.1");
        for (int i = 0; i < 10; i++) {
            direct.headers.put("X-Forwarded-For", "198.51.100." + (i + 1));
            assertThat(login(direct, "x@example.com", "wrong password").status()).isEqualTo(400);
        }
        direct.headers.put("X-Forwarded-For", "198.51.100.99");
        assertThat(login(direct, ADMIN, ConsoleHarness.PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBudget() {
        open(new ConsoleOptions(TrustedProxies.parse(List.of("127.0.0.0/8")), ConsoleOptions.SecureCookies.AUTO,
                Duration.ZERO, LoginThrottle.STANDARD, null));
        for (int i = 0; i < 10; i++) {
            Browser viaProxy = h.browser().from("127.0.0.1");
            // A client may prepend anything; only the entry the proxy appended counts.
            viaProxy.headers.put("X-Forwarded-For", "10.9.9." + i + ", 198.51.100.1");
            assertThat(login(viaProxy, "x@example.com", "wrong password").status()).isEqualTo(400);
        }
        Browser same = h.browser().from("127.0.0.1");
        same.headers.put("X-Forwarded-For", "198.51.100.1");
        assertThat(login(same, ADMIN, ConsoleHarness.PASSWORD).status()).isEqualTo(429);
        Browser other = h.browser().from("127.0.0.1");
        other.headers.put("X-Forwarded-For", "198.51.100.2");
        assertThat(login(other, ADMIN, ConsoleHarness.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void theOwnersKnownBrowserIsNotDelayedByFailuresFromElsewhere() {
        open(ConsoleOptions.DEFAULTS);
        Browser owner = h.browser();
        Response first = login(owner, ADMIN, ConsoleHarness.PASSWORD);
        assertThat(first.status()).isEqualTo(303);
        assertThat(first.setCookies()).anySatisfy(c -> assertThat(c).startsWith("xs_known=acct_")
                .contains("HttpOnly", "SameSite=Lax", "Max-Age=15552000"));
        owner.get("/dashboard");
        assertThat(owner.post("/logout").status()).isEqualTo(303);

        for (int i = 0; i < 12; i++) { // from many addresses, so that only the account's delay applies
            Browser attacker = h.browser();
            Response r = login(attacker, ADMIN, "guess " + i);
            assertThat(r.status()).isIn(400, 429);
        }
        Response stranger = login(h.browser(), ADMIN, ConsoleHarness.PASSWORD);
        assertThat(stranger.status()).as("a new browser waits for the account's delay").isEqualTo(429);
        assertThat(stranger.body()).contains("for this account");

        Browser forger = h.browser();
        String known = owner.cookies.get("xs_known");
        forger.cookies.put("xs_known", known.substring(0, known.length() - 1) + (known.endsWith("A") ? "B" : "A"));
        assertThat(login(forger, ADMIN, ConsoleHarness.PASSWORD).status()).as("a tampered cookie").isEqualTo(429);

        owner.csrf = "";
        assertThat(login(owner, ADMIN, ConsoleHarness.PASSWORD).status()).as("the owner's browser").isEqualTo(303);
    }

    @Test
    void cookiesAreSecureWithTheHostPrefixBehindATrustedTlsProxyAndHstsIsOptional() {
        open(new ConsoleOptions(TrustedProxies.parse(List.of("127.0.0.1")), ConsoleOptions.SecureCookies.AUTO,
                Duration.ofDays(365), LoginThrottle.STANDARD, null));
        Browser b = h.browser().from("127.0.0.1");
        b.headers.put("X-Forwarded-Proto", "https");
        Response page = b.get("/login");
        assertThat(page.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        Response r = b.post("/login", "email", ADMIN, "password", ConsoleHarness.PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.setCookies()).isNotEmpty().allMatch(c -> c.startsWith("__Host-") && c.endsWith("; Secure"));
        assertThat(b.get("/dashboard").status()).as("the prefixed session cookie is read back").isEqualTo(200);

        Browser plain = h.browser().from("127.0.0.1");
        Response http = plain.get("/login");
        assertThat(http.header("Strict-Transport-Security")).isNull();
        assertThat(http.setCookies()).allMatch(c -> c.startsWith("xs_form=") && !c.contains("Secure"));
    }

    @Test
    void alwaysAndNeverOverrideTheDetection() {
        open(ConsoleOptions.DEFAULTS);
        h.close();
        h = new ConsoleHarness(dir.resolve("always"), new ConsoleOptions(TrustedProxies.NONE,
                ConsoleOptions.SecureCookies.ALWAYS, Duration.ZERO, LoginThrottle.STANDARD, null));
        assertThat(h.browser().get("/login").setCookies()).allMatch(c -> c.startsWith("__Host-xs_form=")
                && c.endsWith("; Secure"));
        h.close();
        h = new ConsoleHarness(dir.resolve("never"), new ConsoleOptions(TrustedProxies.parse(List.of("127.0.0.1")),
                ConsoleOptions.SecureCookies.NEVER, Duration.ofDays(1), LoginThrottle.STANDARD, null));
        Browser b = h.browser().from("127.0.0.1");
        b.headers.put("X-Forwarded-Proto", "https");
        Response r = b.get("/setup");
        assertThat(r.setCookies()).allMatch(c -> c.startsWith("xs_form=") && !c.contains("Secure"));
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }
}
