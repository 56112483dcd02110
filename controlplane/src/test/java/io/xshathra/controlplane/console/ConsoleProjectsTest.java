package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenVerifier;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects in the console: the one-time key, rotation, renaming, deletion, ownership, the debug tool. */
class ConsoleProjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVER_KEY = Pattern.compile("xs_sk_[0-9A-Za-z]{43}");

    @TempDir
    Path dir;
    private ConsoleHarness h;
    private Browser admin;

    @BeforeEach
    void open() {
        h = new ConsoleHarness(dir);
        admin = h.signedInAdmin();
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static String serverKey(Response page) {
        Matcher m = SERVER_KEY.matcher(page.body());
        return m.find() ? m.group() : null;
    }

    @Test
    void theServerKeyIsShownInFullOnceThenOnlyItsHint() {
        String id = admin.createProject("staging");
        Response first = admin.get("/projects/" + id);
        String key = serverKey(first);
        assertThat(key).isNotNull();
        assertThat(first.body()).contains("Project created.", "data-copy=\"server-key\"", "data-copy=\"client-key\"");
        assertThat(ConsoleHarness.await(h.store.directory().authenticateServerKey(key))).isPresent();

        Response again = admin.get("/projects/" + id);
        assertThat(serverKey(again)).isNull();
        assertThat(again.body()).contains(key.substring(0, 10) + "…").doesNotContain(key);
        Browser otherTab = h.browser().signIn("admin@example.com");
        String id2 = admin.createProject("production");
        assertThat(serverKey(otherTab.get("/projects/" + id2))).as("another session never sees the key").isNull();
    }

    @Test
    void rotationShowsTheNewKeyOnceAndHonoursTheGracePeriod() {
        String id = admin.createProject("staging");
        String old = serverKey(admin.get("/projects/" + id));
        Response r = admin.post("/projects/" + id + "/rotate", "grace", "60");
        assertThat(r.header("Location")).isEqualTo("/projects/" + id);
        Response page = admin.get("/projects/" + id);
        String fresh = serverKey(page);
        assertThat(fresh).isNotNull().isNotEqualTo(old);
        assertThat(page.body()).contains("Server key rotated.", "keeps working until", "1 Mar 2026, 13:00 UTC");
        assertThat(ConsoleHarness.await(h.store.directory().authenticateServerKey(old))).isPresent();
        assertThat(serverKey(admin.get("/projects/" + id))).isNull();

        admin.post("/projects/" + id + "/rotate", "grace", "0");
        assertThat(admin.get("/projects/" + id).body()).contains("stopped working immediately");
        assertThat(ConsoleHarness.await(h.store.directory().authenticateServerKey(fresh))).isEmpty();
        assertThat(admin.post("/projects/" + id + "/rotate", "grace", "5").status()).isEqualTo(400);
    }

    @Test
    void clientKeyRotationShowsTheNewKeyAndHonoursTheGracePeriod() {
        String id = admin.createProject("mobile");
        String old = ConsoleHarness.await(h.store.projects().find(id)).orElseThrow().clientApiKey();
        assertThat(admin.get("/projects/" + id).body()).contains(old);
        assertThat(admin.get("/projects/" + id + "/settings").body()).contains("action=\"/projects/" + id + "/rotate-client\"");
        Response r = admin.post("/projects/" + id + "/rotate-client", "grace", "60");
        assertThat(r.header("Location")).isEqualTo("/projects/" + id);
        String fresh = ConsoleHarness.await(h.store.projects().find(id)).orElseThrow().clientApiKey();
        assertThat(fresh).isNotEqualTo(old);
        Response page = admin.get("/projects/" + id);
        assertThat(page.body()).contains("Client key rotated.", "keeps connecting until 1 Mar 2026, 13:00 UTC", fresh)
                .doesNotContain(old);
        assertThat(ConsoleHarness.await(h.store.directory().findByClientKey(old))).isPresent();

        admin.post("/projects/" + id + "/rotate-client", "grace", "0");
        assertThat(admin.get("/projects/" + id).body()).contains("previous client key stopped working immediately");
        assertThat(ConsoleHarness.await(h.store.directory().findByClientKey(fresh))).isEmpty();
        assertThat(admin.post("/projects/" + id + "/rotate-client", "grace", "5").status()).isEqualTo(400);
    }

    @Test
    void namesAreEscapedEverywhere() {
        String evil = "<img src=x onerror=alert(1)>\"'";
        String id = admin.createProject(evil);
        Response page = admin.get("/projects/" + id);
        assertThat(page.body()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;");
        assertThat(admin.get("/dashboard").body()).doesNotContain("<img src=x");
        assertThat(admin.get("/projects/" + id + "/delete").body()).doesNotContain("<img src=x");
    }

    @Test
    void renamingChecksTheNameAndConfirms() {
        String id = admin.createProject("staging");
        admin.createProject("production");
        Response taken = admin.post("/projects/" + id + "/rename", "name", "Production");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body()).contains("id=\"name-error\"", "already have a project called");
        assertThat(admin.post("/projects/" + id + "/rename", "name", " ").status()).isEqualTo(400);
        assertThat(admin.post("/projects/" + id + "/rename", "name", "staging-eu").status()).isEqualTo(303);
        assertThat(admin.get("/projects/" + id).body()).contains("Project renamed to “staging-eu”.");
        assertThat(admin.post("/projects/new", "name", "").body()).contains("id=\"name-error\"");
    }

    @Test
    void deletionNeedsTheExactName() {
        String id = admin.createProject("staging");
        assertThat(admin.get("/projects/" + id + "/delete").body()).contains("Type the project name to confirm");
        Response wrong = admin.post("/projects/" + id + "/delete", "confirm", "Staging");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"confirm-error\"");
        Response ok = admin.post("/projects/" + id + "/delete", "confirm", "staging");
        assertThat(ok.header("Location")).isEqualTo("/dashboard");
        assertThat(admin.get("/dashboard").body()).contains("Project “staging” was deleted.");
        assertThat(admin.get("/projects/" + id).status()).isEqualTo(404);
    }

    @Test
    void peopleSeeOnlyTheirOwnProjectsAndAdministratorsSeeAll() {
        h.account("dev@example.com");
        Browser dev = h.browser().signIn("dev@example.com");
        String mine = dev.createProject("dev-app");
        String adminsProject = admin.createProject("ops");
        assertThat(dev.get("/dashboard").body()).contains("dev-app").doesNotContain("ops");
        assertThat(dev.get("/projects/" + adminsProject).status()).isEqualTo(404);
        assertThat(dev.post("/projects/" + adminsProject + "/rotate", "grace", "0").status()).isEqualTo(404);
        assertThat(dev.post("/projects/" + adminsProject + "/delete", "confirm", "ops").status()).isEqualTo(404);
        assertThat(dev.get("/projects/" + adminsProject + "/stats").status()).isEqualTo(404);
        assertThat(ConsoleHarness.await(h.store.projects().find(adminsProject))).isPresent();

        Response all = admin.get("/dashboard");
        assertThat(all.body()).contains("dev-app", "ops", "dev@example.com", ">Owner<");
        assertThat(admin.get("/projects/" + mine).status()).isEqualTo(200);
    }

    @Test
    void liveFiguresAreJson() throws Exception {
        String id = admin.createProject("staging");
        Response r = admin.get("/projects/" + id + "/stats");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("connections").asInt()).isZero();
        assertThat(body.get("at").asLong()).isEqualTo(h.clock.millis());
        Response anonymous = h.browser().get("/projects/" + id + "/stats");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void theDebugToolPublishesIntoTheProjectAndMintsTheSubscribersTokens() throws Exception {
        String id = admin.createProject("staging");
        Response page = admin.get("/projects/" + id + "/debug");
        assertThat(page.body()).contains("value=\"public:console\"", "data-ws-path=\"/realtime/connection/websocket\"",
                "/console/assets/debug.js");

        admin.headers.put("X-CSRF-Token", admin.csrf);
        Response published = admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room",
                "data", "{\"text\": \"hi\"}");
        assertThat(published.status()).isEqualTo(200);
        assertThat(JSON.readTree(published.body()).get("offset").asLong()).isEqualTo(1);
        assertThat(h.node.projectStats(id).publications()).isEqualTo(1);
        JsonNode bad = JSON.readTree(admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room",
                "data", "{oops").body());
        assertThat(bad.at("/error/field").asText()).isEqualTo("data");
        JsonNode unknown = JSON.readTree(admin.post("/projects/" + id + "/debug/publish", "channel", "nope:x",
                "data", "1").body());
        assertThat(unknown.at("/error/message").asText()).contains("not configured");

        JsonNode tokens = JSON.readTree(admin.post("/projects/" + id + "/debug/token", "channel", "chat:room").body());
        TokenVerifier verifier = new TokenVerifier(h.node.config().client().token(), h.clock);
        ConnectToken conn = verifier.verifyConnectToken(tokens.get("connectionToken").asText());
        assertThat(conn.userId()).startsWith("console:acct_");
        assertThat(conn.projectId()).isEqualTo(id);
        assertThat(conn.expireAt()).isEqualTo(h.clock.millis() / 1000 + 300);
        SubscriptionToken sub = verifier.verifySubscriptionToken(tokens.get("subscriptionToken").asText());
        assertThat(sub.channel()).isEqualTo("chat:room");
        assertThat(sub.projectId()).isEqualTo(id);
        assertThat(sub.userId()).isEqualTo(conn.userId());
    }

    @Test
    void aPlainFormPublishReRendersThePage() {
        String id = admin.createProject("staging");
        Response r = admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room", "data", "[1, 2]");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Published to chat:room at offset 1.");
        Response bad = admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room", "data", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"data-error\"");
    }

    @Test
    void fetchEndpointsAnswerJsonWhenTheSessionIsGoneOrTheTokenIsWrong() throws Exception {
        String id = admin.createProject("staging");
        Browser stranger = h.browser();
        stranger.headers.put("X-CSRF-Token", "x");
        Response r = stranger.send(HttpMethod.POST, "/projects/" + id + "/debug/token",
                "application/x-www-form-urlencoded", "channel=chat:x");
        assertThat(r.status()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("unauthorized");
        admin.headers.put("X-CSRF-Token", "forged");
        Response forged = admin.send(HttpMethod.POST, "/projects/" + id + "/debug/token",
                "application/x-www-form-urlencoded", "channel=chat:x");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(JSON.readTree(forged.body()).at("/error/code").asText()).isEqualTo("csrf_failed");
    }
}
