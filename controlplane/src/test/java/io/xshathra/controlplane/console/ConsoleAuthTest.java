package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-up, sign-in, sign-out, CSRF, cookies and headers of the console, on a real store. */
class ConsoleAuthTest {
    @TempDir
    Path dir;
    private ConsoleHarness h;

    @BeforeEach
    void open() {
        h = new ConsoleHarness(dir);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theHomePageSendsVisitorsToSetupThenToSignInAndMembersToTheDashboard() {
        Browser b = h.browser();
        assertThat(b.get("/").header("Location")).isEqualTo("/setup");
        assertThat(b.get("/login").header("Location")).isEqualTo("/setup");
        Response dash = b.get("/dashboard");
        assertThat(dash.status()).isEqualTo(303);
        assertThat(dash.header("Location")).isEqualTo("/login?next=%2Fdashboard");
        h.account("admin@example.com");
        assertThat(b.get("/").header("Location")).isEqualTo("/login");
        assertThat(b.get("/setup").header("Location")).isEqualTo("/login");
        b.signIn("admin@example.com");
        assertThat(b.get("/").header("Location")).isEqualTo("/dashboard");
        assertThat(b.get("/login").header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void nobodyBecomesAdministratorThroughSignUpOnAFreshDeployment() {
        ConsoleHarness.await(h.store.accounts().setOpenSignup(true));
        Browser b = h.browser();
        assertThat(b.get("/signup").header("Location")).isEqualTo("/setup");
        b.get("/setup");
        Response r = b.post("/signup", "email", "eve@example.com", "password", ConsoleHarness.PASSWORD,
                "confirm", ConsoleHarness.PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/setup");
        assertThat(r.setCookies()).noneMatch(c -> c.startsWith("xs_session="));
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isZero();
    }

    @Test
    void signUpIsClosedOnceAnAccountExistsUnlessOpenSignUpIsOn() {
        h.account("admin@example.com");
        Browser b = h.browser();
        Response page = b.get("/signup");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Sign-up is closed").doesNotContain("name=\"password\"");
        Response post = b.post("/signup", "email", "eve@example.com", "password", ConsoleHarness.PASSWORD,
                "confirm", ConsoleHarness.PASSWORD);
        assertThat(post.status()).isEqualTo(403);
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isEqualTo(1);

        ConsoleHarness.await(h.store.accounts().setOpenSignup(true));
        assertThat(b.get("/signup").body()).contains("Create your account");
        assertThat(b.post("/signup", "email", "eve@example.com", "password", ConsoleHarness.PASSWORD,
                "confirm", ConsoleHarness.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void signUpErrorsAreShownNextToTheirFieldsAndThePasswordIsNotEchoed() {
        h.account("admin@example.com");
        ConsoleHarness.await(h.store.accounts().setOpenSignup(true));
        Browser b = h.browser();
        b.get("/signup");
        Response r = b.post("/signup", "email", "not-an-email", "password", "short-pw", "confirm", "different");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"email-error\"", "id=\"password-error\"", "id=\"confirm-error\"",
                "aria-invalid=\"true\"", "value=\"not-an-email\"").doesNotContain("short-pw");
    }

    @Test
    void statefulFormsWithoutTheRightCsrfTokenAreRefused() {
        Browser b = h.browser();
        b.get("/signup");
        Response r = b.post("/signup", "_csrf", "forged", "email", "a@example.com", "password",
                ConsoleHarness.PASSWORD, "confirm", ConsoleHarness.PASSWORD);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("This form has expired");
        Browser noCookie = h.browser();
        noCookie.csrf = b.csrf;
        assertThat(noCookie.post("/signup", "email", "a@example.com", "password", ConsoleHarness.PASSWORD,
                "confirm", ConsoleHarness.PASSWORD).status()).isEqualTo(403);
        assertThat(ConsoleHarness.await(h.store.accounts().count())).isZero();

        h.account("admin@example.com");
        Browser alice = h.browser().signIn("admin@example.com");
        Browser other = h.browser().signIn("admin@example.com");
        alice.csrf = other.csrf;
        assertThat(alice.post("/projects/new", "name", "x").status()).isEqualTo(403);
        assertThat(alice.post("/logout", "_csrf", "").status()).isEqualTo(403);
    }

    @Test
    void aWrongPasswordSaysOnlyThatAndRepeatedFailuresDelayTheAccount() {
        h.account("admin@example.com");
        Browser b = h.browser();
        b.get("/login");
        for (int i = 0; i < 5; i++) {
            Response r = b.post("/login", "email", "admin@example.com", "password", "wrong password " + i);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("The email or password is incorrect.").doesNotContain("wrong password");
        }
        Response throttled = b.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isEqualTo(2);
        assertThat(throttled.body()).contains("Too many failed sign-in attempts for this account", "Try again in 2 seconds");
        assertThat(throttled.setCookies()).noneMatch(c -> c.startsWith("xs_session="));
        h.clock.advance(java.time.Duration.ofSeconds(2));
        assertThat(b.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD).status())
                .isEqualTo(303);
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        h.account("admin@example.com");
        Browser b = h.browser().signIn("admin@example.com");
        String oldSession = b.cookies.get("xs_session");
        Response out = b.post("/logout");
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login?signed_out=1");
        assertThat(out.setCookies()).contains("xs_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(b.get("/login?signed_out=1").body()).contains("You have signed out.");

        Browser replay = h.browser();
        replay.cookies.put("xs_session", oldSession);
        Response r = replay.get("/dashboard");
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.setCookies()).anyMatch(c -> c.startsWith("xs_session=;"));
    }

    @Test
    void aForwardedProtoHeaderFromAnUntrustedPeerDoesNotChangeTheCookies() {
        h.account("admin@example.com");
        Browser b = h.browser();
        b.headers.put("X-Forwarded-Proto", "https");
        b.get("/login");
        Response r = b.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.setCookies()).isNotEmpty().noneMatch(c -> c.contains("Secure") || c.startsWith("__Host-"));
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void signInReturnsToTheRequestedConsolePageOnly() {
        h.account("admin@example.com");
        Browser b = h.browser();
        assertThat(b.get("/login?next=%2Fprojects%2Fnew").body()).contains("name=\"next\" value=\"/projects/new\"");
        assertThat(b.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD,
                "next", "/projects/new").header("Location")).isEqualTo("/projects/new");
        Browser c = h.browser();
        c.get("/login");
        assertThat(c.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD,
                "next", "//evil.example/").header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        Response page = h.browser().get("/setup");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "connect-src 'self' ws: wss:",
                "frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).doesNotContain("<script>", "style=\"");

        Response css = h.browser().get("/console/assets/app.css?v=1");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.header("Cache-Control")).contains("max-age=31536000", "immutable");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(h.browser().get("/console/assets/app.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(h.browser().get("/console/assets/nope.js").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodsAndBodiesAreRefusedWithTheRightStatus() {
        Browser b = h.browser();
        Response r = b.send(HttpMethod.GET, "/logout", null, null);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("POST");
        assertThat(b.send(HttpMethod.DELETE, "/login", null, null).status()).isEqualTo(405);
        assertThat(b.send(HttpMethod.POST, "/login", "application/json", "{\"email\":\"x\"}").status()).isEqualTo(415);
        assertThat(b.get("/projects/x/unknown").status()).isEqualTo(404);
    }

    @Test
    void anOversizedFormIsA413WithTheJsonErrorBody() {
        h.account("admin@example.com");
        Browser b = h.browser();
        b.get("/login");
        Response r = b.send(HttpMethod.POST, "/login", "application/x-www-form-urlencoded",
                "email=a%40b.c&password=" + "x".repeat(Form.MAX_BODY));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).startsWith("{\"error\":{\"code\":\"body_too_large\"").contains(String.valueOf(Form.MAX_BODY));
    }
}
