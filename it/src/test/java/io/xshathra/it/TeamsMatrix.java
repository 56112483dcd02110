package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.server.ServerLauncher;
import io.xshathra.server.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Teams through the real server over real HTTP, with a browser-like session for each of three
 * accounts (owner, developer, viewer) plus one outsider: what each sees and may post, adding by
 * email, and the audit entries that console and CLI actions write. Run on SQLite and on
 * PostgreSQL by the subclasses.
 */
abstract class TeamsMatrix {
    private static final String PASSWORD = "a-long-password-1";
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    static ServerFixture server;
    /** How the CLI reaches the server's database: {@code --data-dir DIR} or {@code --database-url URL}. */
    static List<String> storageArgs;

    static void startWith(String databaseUrl) {
        server = ServerFixture.builder().databaseUrl(databaseUrl).start();
        storageArgs = databaseUrl == null ? List.of("--data-dir", server.dataDir().toString())
                : List.of("--database-url", databaseUrl);
        ControlPlaneStore store = server.launcher().store();
        for (String who : List.of("admin", "owner", "dev", "viewer", "outsider")) {
            store.accounts().createUser(who + "@example.com", PASSWORD).toCompletableFuture().join();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null; // the field is shared by the SQLite and PostgreSQL classes that run in one JVM
        }
    }

    /** One browser: its own cookie jar, the CSRF token of the last page it saw. */
    static final class Session {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private String csrf = "";

        static Session signIn(String email) {
            Session s = new Session();
            s.get("/login");
            HttpResponse<String> r = s.post("/login", "email", email, "password", PASSWORD);
            assertThat(r.statusCode()).as("sign-in of " + email).isEqualTo(303);
            s.get("/dashboard");
            return s;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> post(String path, String... fields) {
            StringBuilder body = new StringBuilder("_csrf=").append(enc(csrf));
            for (int i = 0; i < fields.length; i += 2) {
                body.append('&').append(enc(fields[i])).append('=').append(enc(fields[i + 1]));
            }
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        }

        private HttpResponse<String> send(HttpRequest.Builder req) {
            try {
                HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = CSRF.matcher(r.body());
                if (m.find()) {
                    csrf = m.group(1);
                }
                return r;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        private static URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    private static int cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(storageArgs);
        CommandLine cli = Cli.create(Map.of(), ServerLauncher.UNAVAILABLE, server.dataDir().getParent());
        cli.setOut(new PrintWriter(new StringWriter()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return code;
    }

    private static List<AuditEntry> log(String id) {
        return server.launcher().store().projects().audit().list(id, Long.MAX_VALUE, 100).toCompletableFuture().join();
    }

    @Test
    void ownersDevelopersAndViewersEachSeeAndDoWhatTheirRoleAllows() {
        Session owner = Session.signIn("owner@example.com");
        owner.get("/projects/new");
        HttpResponse<String> created = owner.post("/projects/new", "name", "team-" + System.nanoTime());
        assertThat(created.statusCode()).isEqualTo(303);
        String id = created.headers().firstValue("Location").orElseThrow().substring("/projects/".length());
        String p = "/projects/" + id;

        owner.get(p + "/members");
        assertThat(owner.post(p + "/members", "email", "Dev@Example.com", "role", "developer").statusCode()).isEqualTo(303);
        assertThat(owner.post(p + "/members", "email", "viewer@example.com", "role", "viewer").statusCode()).isEqualTo(303);
        HttpResponse<String> unknown = owner.post(p + "/members", "email", "ghost@example.com", "role", "viewer");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("There is no account with this email");

        Session dev = Session.signIn("dev@example.com");
        Session viewer = Session.signIn("viewer@example.com");
        Session outsider = Session.signIn("outsider@example.com");
        assertThat(dev.get("/dashboard").body()).contains(p + "\"");
        assertThat(viewer.get("/dashboard").body()).contains(p + "\"");
        assertThat(outsider.get("/dashboard").body()).doesNotContain(id);
        assertThat(outsider.get(p).statusCode()).isEqualTo(404);

        HttpResponse<String> seen = viewer.get(p);
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body()).contains("id=\"server-key-hidden\"").doesNotContain("id=\"nav-settings\"");
        assertThat(viewer.post(p + "/rotate", "grace", "0").statusCode()).isEqualTo(403);
        assertThat(viewer.post(p + "/members", "email", "outsider@example.com", "role", "owner").statusCode()).isEqualTo(403);
        assertThat(viewer.get(p + "/audit").statusCode()).isEqualTo(403);

        dev.get(p + "/settings");
        assertThat(dev.post(p + "/rotate", "grace", "0").statusCode()).isEqualTo(303);
        assertThat(dev.post(p + "/rename", "name", "taken over").statusCode()).isEqualTo(403);
        assertThat(dev.post(p + "/delete", "confirm", "x").statusCode()).isEqualTo(403);
        assertThat(dev.get(p + "/audit").statusCode()).isEqualTo(403);

        cli("project", "rotate-client-key", id);
        cli("project", "member", "set-role", id, "viewer@example.com", "developer");

        HttpResponse<String> audit = owner.get(p + "/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("dev@example.com", "cli:" + System.getProperty("user.name"), "key.rotate_client");
        assertThat(Session.signIn("admin@example.com").get(p + "/audit").statusCode()).isEqualTo(200);
        assertThat(log(id)).extracting(AuditEntry::action).containsExactly("member.role", "key.rotate_client",
                "key.rotate_server", "member.add", "member.add", "project.create");
        assertThat(log(id).get(2).actor()).isEqualTo("dev@example.com");

        assertThat(viewer.post(p + "/leave").statusCode()).isEqualTo(303);
        assertThat(viewer.get(p).statusCode()).isEqualTo(404);
        assertThat(owner.post(p + "/leave").statusCode()).as("the last owner stays").isEqualTo(409);
    }
}
