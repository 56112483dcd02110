package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.controlplane.security.SetupTokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-run setup: only the holder of the operator's one-time token creates the administrator. */
class ConsoleSetupTest {
    @TempDir
    Path dir;
    private ConsoleHarness h;
    private Path tokenFile;

    @BeforeEach
    void open() {
        tokenFile = dir.resolve("setup-token");
        h = new ConsoleHarness(dir, ConsoleOptions.DEFAULTS.withSetupTokenFile(tokenFile));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static Response submit(Browser b, String token, String email) {
        return b.post("/setup", "token", token, "email", email, "password", ConsoleHarness.PASSWORD,
                "confirm", ConsoleHarness.PASSWORD);
    }

    @Test
    void theSetupPageAsksForTheTokenAndCreatesTheAdministratorWithIt() throws Exception {
        String token = h.setupToken();
        SetupTokenFile.write(tokenFile, token);
        Browser b = h.browser();
        assertThat(b.get("/").header("Location")).isEqualTo("/setup");
        Response page = b.get("/setup");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Set up Xshathra", "name=\"token\"", "setup-token").doesNotContain(token);

        // the last character changed (to one it is not: a random token may end in "x")
        String wrongToken = token.substring(0, token.length() - 1) + (token.endsWith("x") ? "y" : "x");
        Response wrong = submit(b, wrongToken, "eve@example.com");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("That setup token is not right").doesNotContain(token);
        assertThat(wrong.setCookies()).noneMatch(c -> c.startsWith("xs_session="));
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isZero();

        Response ok = submit(b, " " + token + " ", "Admin@Example.com");
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).isEqualTo("/dashboard");
        assertThat(b.get("/dashboard").body()).contains("admin@example.com", "badge-admin");
        Account admin = ConsoleHarness.await(h.store.accounts().findByEmail("admin@example.com")).orElseThrow();
        assertThat(admin.admin()).isTrue();
        assertThat(Files.exists(tokenFile)).as("the token file is deleted after setup").isFalse();

        Browser late = h.browser();
        assertThat(late.get("/setup").header("Location")).isEqualTo("/login");
        late.get("/login");
        Response replay = late.post("/setup", "token", token, "email", "late@example.com", "password",
                ConsoleHarness.PASSWORD, "confirm", ConsoleHarness.PASSWORD);
        assertThat(replay.status()).isEqualTo(303);
        assertThat(replay.header("Location")).isEqualTo("/login");
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isEqualTo(1);
    }

    @Test
    void withoutAnyTokenNobodyCanSetUp() {
        Browser b = h.browser();
        b.get("/setup");
        Response r = submit(b, "xs_setup_guess", "eve@example.com");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("That setup token is not right");
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isZero();
    }

    @Test
    void wrongTokensAreThrottledPerAddressLikePasswords() {
        String token = h.setupToken();
        Browser b = h.browser().from("192.0.2.7");
        b.get("/setup");
        for (int i = 0; i < 10; i++) {
            assertThat(submit(b, "xs_setup_wrong" + i, "eve@example.com").status()).isEqualTo(400);
        }
        Response throttled = submit(b, token, "eve@example.com");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(throttled.body()).contains("Too many failed attempts from your network");
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isZero();

        Browser operator = h.browser().from("198.51.100.1");
        operator.get("/setup");
        assertThat(submit(operator, token, "admin@example.com").status()).isEqualTo(303);
    }

    @Test
    void creatingTheFirstAccountElsewhereEndsSetup() {
        String token = h.setupToken();
        h.account("admin@example.com");
        Browser b = h.browser();
        assertThat(b.get("/setup").header("Location")).isEqualTo("/login");
        assertThat(ConsoleHarness.await(h.store.accounts().openSetup())).isEmpty();
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isEqualTo(1);
        assertThat(token).startsWith("xs_setup_");
    }
}
