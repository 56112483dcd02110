package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium), against the real server: first-run setup
 * with the token the server wrote to its data folder, sign-out, sign-in, a project's one-time
 * server key and copy buttons, the code snippets' tabs, key rotation in Settings with its
 * confirmation, the debug tool subscribing on open and refusing JSON that does not parse (with its
 * line and column) before anything is sent, the operator page, renaming and deleting. Every page
 * is also checked at 375 px wide: nothing may overflow sideways. A screenshot of every page goes to
 * {@code it/target/screenshots/<page>.png} (and {@code <page>-mobile.png}). Runs with {@code -Pbrowser}.
 */
class ConsoleBrowserIT {
    private static final String EMAIL = "admin@example.com";
    private static final String PASSWORD = "correct horse battery";

    private static ServerFixture server;
    private static Browser browser;
    private static String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.start();
        server = ServerFixture.start();
        base = "http://127.0.0.1:" + server.port();
        browser.grantClipboard(base);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void consoleFromSignUpToDelete() throws Exception {
        signUpSignOutSignIn();
        String projectId = createProject("staging");
        String serverKey = oneTimeKeyAndCopy(projectId);
        snippets();
        String rotated = rotate(projectId, serverKey);
        debugPublishReachesSubscriber(projectId);
        backends(projectId);
        limits(projectId);
        usage(projectId);
        membersAndAudit(projectId);
        webhooks(projectId);
        namespaces(projectId);
        operator();
        renameAndDelete(projectId, rotated);
        assertThat(browser.errors()).as("browser console errors (CSP violations, script errors)")
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));
    }

    private void signUpSignOutSignIn() throws IOException {
        browser.open(base + "/");
        browser.waitForPath("/setup");
        browser.waitForText("h1", "Set up Xshathra");
        browser.screenshot("setup");
        mobile("setup");
        String token = java.nio.file.Files.readString(server.dataDir().resolve("setup-token")).strip();
        browser.type("#token", token + "x");
        browser.type("#email", EMAIL);
        browser.type("#password", PASSWORD);
        browser.type("#confirm", PASSWORD);
        browser.submit("form[action='/setup'] button[type=submit]");
        browser.waitForText(".alert-error", "setup token is not right");
        browser.type("#token", token);
        browser.type("#password", PASSWORD);
        browser.type("#confirm", "something else entirely");
        browser.submit("form[action='/setup'] button[type=submit]");
        browser.waitForText("#confirm-error", "do not match");
        browser.screenshot("setup-error");
        browser.type("#token", token);
        browser.type("#password", PASSWORD);
        browser.type("#confirm", PASSWORD);
        browser.submit("form[action='/setup'] button[type=submit]");
        browser.waitForPath("/dashboard");
        browser.waitForText(".account", EMAIL);
        assertThat(browser.text(".badge-admin")).isEqualToIgnoringCase("Admin");
        browser.waitForText(".empty h2", "No projects yet");
        browser.screenshot("dashboard-empty");
        mobile("dashboard-empty");

        browser.submit("form[action='/logout'] button");
        browser.waitForPath("/login");
        browser.waitForText(".alert-success", "You have signed out.");
        browser.screenshot("sign-in");
        browser.type("#email", EMAIL);
        browser.type("#password", "not the password");
        browser.submit("form[action='/login'] button[type=submit]");
        browser.waitForText(".alert-error", "email or password is incorrect");
        browser.screenshot("sign-in-error");
        mobile("sign-in-error");
        browser.type("#password", PASSWORD);
        browser.submit("form[action='/login'] button[type=submit]");
        browser.waitForPath("/dashboard");
        assertThat(browser.driver().manage().getCookieNamed("xs_session").isHttpOnly()).isTrue();
    }

    private String createProject(String name) {
        browser.submit("a[href='/projects/new']");
        browser.type("#name", name);
        browser.screenshot("new-project");
        mobile("new-project");
        browser.submit("form[action='/projects/new'] button[type=submit]");
        browser.waitForText(".page-head h1", name);
        String path = browser.path();
        assertThat(path).matches("/projects/proj_[0-9A-Z]{26}");
        return path.substring("/projects/".length());
    }

    /** The full key right after creation, copied with the buttons; a reload shows only the hint. */
    private String oneTimeKeyAndCopy(String projectId) throws Exception {
        String serverKey = browser.text("#server-key");
        String clientKey = browser.text("#client-key");
        assertThat(serverKey).matches("xs_sk_[0-9A-Za-z]{43}");
        assertThat(clientKey).startsWith("xs_pk_");
        browser.screenshot("project-created-key-once");
        mobile("project-created-key-once");

        browser.click("button[data-copy='client-key']");
        browser.waitForText("#client-key-status", "Copied");
        assertThat(browser.clipboard()).isEqualTo(clientKey);
        browser.click("button[data-copy='server-key']");
        browser.waitForText("#server-key-status", "Copied");
        assertThat(browser.clipboard()).isEqualTo(serverKey);
        assertThat(tokenStatus(serverKey)).isEqualTo(200);

        browser.driver().navigate().refresh();
        browser.waitForText("#server-key-hint", serverKey.substring(0, 10));
        assertThat(browser.driver().findElements(By.id("server-key"))).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(serverKey);
        browser.waitForText("[data-stat='connections']", "0");
        browser.waitForText("#live-state", "Live");
        browser.screenshot("project");
        mobile("project");
        return serverKey;
    }

    /** The language tabs: one panel at a time, each snippet copied as shown. */
    private void snippets() {
        assertThat(browser.find("#panel-curl").isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.id("panel-python")).isDisplayed()).isFalse();
        browser.click("#tab-python");
        browser.waitForText("#snippet-python-publish", "urllib.request");
        assertThat(browser.driver().findElement(By.id("panel-curl")).isDisplayed()).isFalse();
        assertThat(browser.find("#tab-python").getAttribute("aria-selected")).isEqualTo("true");
        browser.click("button[data-copy='snippet-python-publish']");
        browser.waitForText("#snippet-python-publish-status", "Copied");
        assertThat(browser.clipboard()).isEqualTo(browser.text("#snippet-python-publish"))
                .contains(base + "/api/realtime/publish").contains("XSHATHRA_SERVER_KEY");
        browser.screenshot("project-snippets-python");
        for (String lang : new String[] {"node", "browser", "java", "go", "curl"}) {
            browser.click("#tab-" + lang);
            assertThat(browser.find("#panel-" + lang).isDisplayed()).as(lang).isTrue();
        }
        // Without the Clipboard API the button falls back to the selection and still says what happened.
        browser.click("#tab-go");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });");
        browser.click("button[data-copy='snippet-go-token']");
        String status = browser.waitForAnyText("#snippet-go-token-status");
        String code = browser.find("#snippet-go-token").getDomProperty("textContent").strip();
        if (status.startsWith("Selected")) {
            assertThat(((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return window.getSelection().toString();")).asString().isEqualToIgnoringWhitespace(code);
            browser.driver().navigate().refresh();
        } else {
            assertThat(status).isEqualTo("Copied to the clipboard.");
            browser.driver().navigate().refresh();
            assertThat(browser.clipboard()).as("copied by the fallback").isEqualTo(code);
        }
        browser.waitForText("#live-state", "Live");
    }

    private String rotate(String projectId, String oldKey) throws Exception {
        browser.submit("#nav-settings");
        browser.waitForText("h2#rotate-h", "Rotate the server key");
        browser.screenshot("settings");
        mobile("settings");
        new Select(browser.find("#grace")).selectByValue("15");
        browser.click("#rotate-btn");
        browser.waitForText("[data-confirm-box]", "Rotate the server key now?");
        assertThat(browser.driver().findElement(By.id("rotate-btn")).isDisplayed()).isFalse();
        browser.screenshot("settings-rotate-confirm");
        browser.submit("#rotate-confirm");
        browser.waitForPath("/projects/" + projectId);
        browser.waitForText(".alert-success", "Server key rotated");
        browser.waitForText(".alert-success", "keeps working until");
        String newKey = browser.text("#server-key");
        assertThat(newKey).startsWith("xs_sk_").isNotEqualTo(oldKey);
        browser.screenshot("project-key-rotated");
        assertThat(tokenStatus(newKey)).isEqualTo(200);
        assertThat(tokenStatus(oldKey)).as("old key within its grace period").isEqualTo(200);
        browser.driver().navigate().refresh();
        assertThat(browser.driver().getPageSource()).doesNotContain(newKey);
        return newKey;
    }

    private void debugPublishReachesSubscriber(String projectId) throws Exception {
        browser.submit("#nav-debug");
        browser.waitForText("h1", "Debug tool");
        assertThat(browser.find("#watch").getDomProperty("value")).isEqualTo("chat:console");
        // Subscribed on open, without a click.
        browser.waitForText("#sub-state", "Subscribed to chat:console");
        assertThat(stats(projectId)).contains("\"connections\":1");
        browser.waitForText("#sub-log", "Subscribed to chat:console as");
        assertThat(browser.driver().findElements(By.cssSelector("#sub-log .sys"))).extracting(e -> e.getText())
                .anyMatch(t -> t.matches("\\d{2}:\\d{2}:\\d{2} UTC \u00b7 Subscribed to chat:console as .*"));

        browser.type("#data", "{\"text\": \"hello from the browser\", \"n\": 1}");
        browser.click("#publish-form button[type=submit]");
        browser.waitForText("#publish-result", "Published to chat:console");
        browser.waitForText("#sub-log", "hello from the browser");
        assertThat(browser.text("#sub-log .log-pub .ch")).isEqualTo("chat:console");
        assertThat(browser.text("#sub-log .log-pub time")).matches("\\d{2}:\\d{2}:\\d{2} UTC");

        // JSON that does not parse is refused in the page, with its line and column, and nothing is sent.
        browser.type("#data", "{\n  \"text\": \"hi\"\n  \"n\": 2\n}");
        browser.click("#publish-form button[type=submit]");
        browser.waitForText("#publish-result", "This is not valid JSON. Line 3, column 3: Unexpected \u2018\"\u2019;"
                + " expected \u2018,\u2019 or \u2018}\u2019.");
        assertThat(browser.find("#data").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(stats(projectId)).as("nothing was published").contains("\"publications\":1");
        browser.screenshot("debug-json-error");

        pageAndServerAgreeOnJsonErrors();

        browser.type("#data", "{\"text\": \"again\"}");
        browser.type("#channel", "nowhere:room");
        browser.click("#publish-form button[type=submit]");
        browser.waitForText("#publish-result", "not configured on this server");
        browser.type("#channel", "chat:console");
        browser.click("#publish-form button[type=submit]");
        browser.waitForText("#publish-result", "Published to chat:console at offset 2");
        browser.waitForText("#sub-log", "again");
        browser.screenshot("debug");
        mobile("debug");
    }

    /** The page's JSON check and the server's say the same thing, line and column included. */
    private void pageAndServerAgreeOnJsonErrors() {
        String[] payloads = {"[1, 2", "{\"a\": 1,}", "01", "\"abc", "{\"a\": \"x\\qy\"}", "[\n  1,\n  tru\n]",
            "{\"a\": -}", "{\"a\"\n\n  1}"};
        for (String payload : payloads) {
            browser.type("#data", payload);
            browser.click("#publish-form button[type=submit]");
            browser.waitForText("#publish-result", "This is not valid JSON. Line ");
            String page = browser.text("#publish-result");
            Object server = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const form = document.getElementById('publish-form');
                    fetch(form.action, { method: 'POST', credentials: 'same-origin',
                      headers: { 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content },
                      body: new URLSearchParams({ channel: 'chat:console', data: arguments[0] }) })
                      .then(r => r.json()).then(b => done(b.error.message), e => done('ERR ' + e));""", payload);
            assertThat(page).as(payload).isEqualTo(server);
            ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("document.getElementById('publish-result').textContent = '';");
        }
    }

    /** Opens the project's page and follows its link to one section, as a person would; waits for its heading. */
    private void openSection(String projectId, String section, String heading) {
        browser.open(base + "/projects/" + projectId);
        browser.submit("a[href='/projects/" + projectId + "/" + section + "']");
        browser.waitForText("h1", heading);
    }

    /** The Limits page: usage against no limit, a saved connection limit shown in the usage, back to the defaults. */
    private void limits(String projectId) {
        openSection(projectId, "limits", "Limits");
        browser.waitForText("#usage-connections", "0 / no limit");
        browser.type("#max_connections", "250");
        browser.type("#max_publications_per_second", "20");
        browser.type("#max_message_size", "16384");
        browser.submit("form[action='/projects/" + projectId + "/limits'] button[value=save]");
        browser.waitForText(".alert-success", "The project's limits were saved.");
        browser.waitForText("#usage-connections", "0 / 250");
        browser.waitForText("#usage-rate", "0 / 20");
        browser.waitForText("#usage-size", "16384 bytes");
        assertThat(browser.find("#max_connections").getDomProperty("value")).isEqualTo("250");
        browser.screenshot("limits");
        mobile("limits");
        browser.submit("form[action='/projects/" + projectId + "/limits'] button[value=reset]");
        browser.waitForText(".alert-success", "The project uses the default limits.");
        browser.waitForText("#usage-connections", "0 / no limit");
    }

    /** The Usage page: four charts drawn in the page, with the debug tool's two publications counted. */
    private void usage(String projectId) {
        browser.open(base + "/projects/" + projectId);
        browser.submit("#nav-usage");
        browser.waitForText("h2", "Connections");
        browser.waitForText("#chart-publicationsIn strong", "2");
        browser.waitForText("#chart-deliveriesOut strong", "2");
        for (String id : new String[] {"connections", "publicationsIn", "deliveriesOut", "webhookDeliveries"}) {
            WebElement svg = browser.find("#chart-" + id + " svg[role=img]");
            assertThat(svg.getAttribute("aria-label")).contains("per minute, last 24 hours (UTC)");
            assertThat(browser.driver().findElements(By.cssSelector("#chart-" + id + " svg text"))).hasSizeGreaterThan(3);
        }
        assertThat(browser.find("#chart-publicationsIn svg").getAttribute("aria-label"))
                .contains("Publications in per minute");
        browser.screenshot("usage");
        browser.viewport(375);
        Await.until(() -> Integer.parseInt(browser.find("#chart-connections svg").getAttribute("width")) < 375,
                "the charts redrawn at the narrow width");
        mobile("usage");
    }

    /** The Backends page: a refused URL keeps what was typed, a saved one shows the secret, removing turns it off. */
    private void backends(String projectId) {
        openSection(projectId, "backends", "Backends");
        browser.waitForText("#connect-state", "OFF"); // the badge is shown in capitals
        browser.waitForText("#signing-secret-none", "No secret yet");
        browser.type("#url_connect", "ftp://example.com/connect");
        browser.submit("form[action='/projects/" + projectId + "/backends'] button[value=save]");
        browser.waitForText("#url_connect-error", "http:// or https://");
        assertThat(browser.find("#url_connect").getDomProperty("value")).isEqualTo("ftp://example.com/connect");
        browser.screenshot("backends-error");
        browser.type("#url_connect", "http://127.0.0.1:9/centrifugo/connect");
        browser.type("#timeout_connect", "1500");
        browser.submit("form[action='/projects/" + projectId + "/backends'] button[value=save]");
        browser.waitForText(".alert-success", "The connect backend was saved.");
        browser.waitForText("#connect-state", "ON");
        assertThat(browser.text("#signing-secret")).matches("xs_ps_[0-9A-Za-z]{43}");
        browser.screenshot("backends");
        mobile("backends");
        browser.submit("form[action='/projects/" + projectId + "/backends'] button[value=remove]");
        browser.waitForText(".alert-success", "The connect backend was removed.");
        browser.waitForText("#connect-state", "OFF"); // the badge is shown in capitals
    }

    /** The Members page: an existing account added by email; then the Audit log with what was done so far. */
    private void membersAndAudit(String projectId) {
        server.launcher().store().accounts().createUser("dev@example.com", "a-long-password-1").toCompletableFuture().join();
        browser.submit("#nav-members");
        browser.waitForText("h2#members-h", "Members");
        browser.type("#email", "nobody@example.com");
        browser.submit("#add-member");
        browser.waitForText("#email-error", "There is no account with this email");
        browser.type("#email", "dev@example.com");
        browser.submit("#add-member");
        browser.waitForText(".alert-success", "dev@example.com was added as developer.");
        assertThat(browser.driver().findElements(By.cssSelector("#members tbody tr"))).hasSize(2);
        browser.screenshot("members");
        mobile("members");
        browser.submit("#nav-audit");
        browser.waitForText("h2#audit-h", "Audit log");
        assertThat(browser.text("#audit tbody tr:first-child")).contains("member.add", "dev@example.com");
        browser.screenshot("audit-log");
        mobile("audit-log");
    }

    /**
     * The Webhooks page: a refused URL keeps what was typed, an added endpoint shows its secret once,
     * a delivery to a real receiver appears in the last deliveries, removing empties the list.
     */
    private void webhooks(String projectId) throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        try {
            openSection(projectId, "webhooks", "Webhooks");
            browser.waitForText("#webhooks-none", "No webhooks yet");
            browser.type("#url", "ftp://example.com/hooks");
            browser.submit("form[action='/projects/" + projectId + "/webhooks'] button[type=submit]");
            browser.waitForText("#url-error", "http:// or https://");
            browser.screenshot("webhooks-error");
            browser.type("#url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
            browser.submit("form[action='/projects/" + projectId + "/webhooks'] button[type=submit]");
            browser.waitForText(".alert-success", "shown only now");
            assertThat(browser.text("#webhook-secret")).matches("whsec_[0-9A-Za-z]{43}");
            browser.screenshot("webhooks-secret-once");
            io.xshathra.controlplane.webhooks.Webhooks hooks = server.launcher().webhooks();
            io.xshathra.testkit.Await.until(() -> hooks.wants(projectId,
                    io.xshathra.engine.project.TenantEvent.Kind.CHANNEL_OCCUPIED), "the endpoint is known");
            hooks.emit(new io.xshathra.engine.project.TenantEvent(
                    io.xshathra.engine.project.TenantEvent.Kind.CHANNEL_OCCUPIED, projectId, "public:lobby", "", "",
                    null, System.currentTimeMillis()));
            io.xshathra.testkit.Await.until(() -> !server.launcher().store().webhooks().deliveries(projectId)
                    .toCompletableFuture().join().isEmpty(), "a delivery");
            browser.open(base + "/projects/" + projectId + "/webhooks");
            browser.waitForText("#deliveries", "DELIVERED 204"); // the badge is shown in capitals
            assertThat(browser.driver().findElements(By.cssSelector("#webhook-secret"))).as("shown once").isEmpty();
            browser.screenshot("webhooks");
            mobile("webhooks");
            browser.submit("form[action='/projects/" + projectId + "/webhooks/remove'] button[type=submit]");
            browser.waitForText(".alert-success", "was removed");
            browser.waitForText("#webhooks-none", "No webhooks yet");
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * The Namespaces page: a new project has the configured namespaces, a JSON slip is shown by
     * line and column, a bad option names its key, then one is added and removed.
     */
    private void namespaces(String projectId) {
        openSection(projectId, "namespaces", "Namespaces");
        browser.waitForText("#namespace-list", "chat");
        browser.type("#name", "game");
        browser.type("#options", "{\"presence\": tru}");
        browser.submit("#namespace-new button[value=save]");
        browser.waitForText("#options-error", "Line 1, column");
        browser.type("#options", "{\"history_size\": 10}");
        browser.submit("#namespace-new button[value=save]");
        browser.waitForText("#options-error", "history_ttl: must be set");
        assertThat(browser.find("#name").getDomProperty("value")).isEqualTo("game");
        browser.screenshot("namespaces-error");
        browser.type("#options", "{\"presence\": true, \"history_size\": 10, \"history_ttl\": \"300s\"}");
        browser.submit("#namespace-new button[value=save]");
        browser.waitForText(".alert-success", "Namespace game was saved.");
        browser.waitForText("#namespace-list", "game");
        browser.screenshot("namespaces");
        mobile("namespaces");
        browser.submit("#namespace-game button[value=remove]");
        browser.waitForText(".alert-success", "Namespace game was removed.");
    }

    /** The operator page, linked in the header for the administrator. */
    private void operator() {
        browser.submit(".topbar a[href='/operator']");
        browser.waitForText("h1", "Operator");
        browser.waitForText("#health", "Healthy");
        assertThat(browser.text("#database")).isEqualTo("SQLite");
        assertThat(browser.text("#engine")).startsWith("memory");
        assertThat(browser.driver().findElements(By.cssSelector("#nodes tbody tr"))).hasSize(1);
        browser.screenshot("operator");
        mobile("operator");
    }

    private void renameAndDelete(String projectId, String key) throws Exception {
        browser.open(base + "/projects/" + projectId + "/settings");
        browser.waitForText("h1", "staging");
        browser.type("#name", "staging-eu");
        browser.submit("form[action='/projects/" + projectId + "/rename'] button");
        browser.waitForText(".alert-success", "Project renamed to");
        browser.waitForText(".page-head h1", "staging-eu");
        browser.screenshot("settings-renamed");

        browser.open(base + "/dashboard");
        browser.waitForText(".table", "staging-eu");
        browser.screenshot("dashboard");
        mobile("dashboard");
        browser.open(base + "/projects/" + projectId);
        browser.waitForText("[data-stat='publications']", "2");
        browser.submit("#nav-settings");

        browser.submit("a[href='/projects/" + projectId + "/delete']");
        browser.type("#confirm", "staging");
        browser.submit("form[action='/projects/" + projectId + "/delete'] button[type=submit]");
        browser.waitForText("#confirm-error", "not the project's name");
        browser.screenshot("delete-confirm");
        mobile("delete-confirm");
        browser.type("#confirm", "staging-eu");
        browser.submit("form[action='/projects/" + projectId + "/delete'] button[type=submit]");
        browser.waitForPath("/dashboard");
        browser.waitForText(".alert-success", "was deleted");
        browser.screenshot("dashboard-after-delete");
        assertThat(tokenStatus(key)).as("a deleted project's key").isEqualTo(401);
        browser.open(base + "/projects/" + projectId);
        browser.waitForText("h1", "Page not found");
        browser.screenshot("not-found");
        mobile("not-found");
    }

    /** The page at 375 px: nothing overflows sideways; a screenshot as {@code <name>-mobile}. */
    private void mobile(String name) {
        browser.viewport(375);
        try {
            long[] w = browser.widths();
            assertThat(w[1]).as("viewport width").isEqualTo(375);
            assertThat(w[0]).as(name + ": page width at 375 px (scrollWidth <= innerWidth)").isLessThanOrEqualTo(w[1]);
            browser.screenshot(name + "-mobile");
        } finally {
            browser.viewport(0);
        }
    }

    private int tokenStatus(String serverKey) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/realtime/token"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "apikey " + serverKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"alice\"}")).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The project's live figures, fetched with the browser's session cookie. */
    private String stats(String projectId) throws Exception {
        Cookie session = browser.driver().manage().getCookieNamed("xs_session");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/projects/" + projectId + "/stats"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", "xs_session=" + session.getValue()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
