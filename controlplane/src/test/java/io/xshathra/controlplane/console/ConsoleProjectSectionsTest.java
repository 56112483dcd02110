package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A project's sections: the overview with its code snippets per language, the settings page that
 * holds rotation and deletion, the section tabs, and the debug tool's JSON check.
 */
class ConsoleProjectSectionsTest extends AdminProjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVER_KEY = Pattern.compile("xs_sk_[0-9A-Za-z]{43}");

    @Override
    String projectName() {
        return "staging";
    }

    @Test
    void theOverviewOffersSnippetsInEveryLanguageWithoutTheSecret() {
        Response page = admin.get("/projects/" + id);
        Matcher key = SERVER_KEY.matcher(page.body());
        assertThat(key.find()).isTrue();
        String body = page.body();
        assertThat(body.indexOf(key.group())).as("the one-time key is shown once, never in a snippet")
                .isEqualTo(body.lastIndexOf(key.group()));
        for (String lang : new String[] {"curl", "node", "python", "java", "go"}) {
            assertThat(body).contains("id=\"tab-" + lang + "\"", "id=\"snippet-" + lang + "-token\"",
                    "data-copy=\"snippet-" + lang + "-token\"", "data-copy=\"snippet-" + lang + "-publish\"");
        }
        assertThat(body).contains("id=\"tab-browser\"", "data-copy=\"snippet-browser-subscribe\"",
                "http://console.test/api/realtime/token", "http://console.test/api/realtime/publish",
                "ws://console.test/realtime/connection/websocket", "$XSHATHRA_SERVER_KEY", "os.environ[&quot;XSHATHRA_SERVER_KEY&quot;]",
                "System.getenv(&quot;XSHATHRA_SERVER_KEY&quot;)", "os.Getenv(&quot;XSHATHRA_SERVER_KEY&quot;)",
                "public:lobby");
        String clientKey = h.store.projects().find(id).toCompletableFuture().join().orElseThrow().clientApiKey();
        assertThat(body).contains("clientApiKey: &#39;" + clientKey + "&#39;");
    }

    @Test
    void theSnippetsUseTheOriginTheBrowserSees() {
        admin.headers.put("Host", "rt.example.com");
        String body = admin.get("/projects/" + id).body();
        assertThat(body).contains("http://rt.example.com/api/realtime/token", "ws://rt.example.com/realtime/connection/websocket");
        admin.headers.put("Host", "<script>");
        assertThat(admin.get("/projects/" + id).body()).doesNotContain("<script>/api").contains("&lt;script&gt;/api");
    }

    @Test
    void rotationAndDeletionLiveInSettingsAwayFromTheOverview() {
        String overview = admin.get("/projects/" + id).body();
        assertThat(overview).doesNotContain("action=\"/projects/" + id + "/rotate\"")
                .doesNotContain("href=\"/projects/" + id + "/delete\"")
                .contains("href=\"/projects/" + id + "/settings\"", "id=\"nav-overview\" aria-current=\"page\"");
        Response settings = admin.get("/projects/" + id + "/settings");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("action=\"/projects/" + id + "/rotate\"", "data-confirm-box",
                "Yes, rotate the key", "href=\"/projects/" + id + "/delete\"", "action=\"/projects/" + id + "/rename\"",
                "id=\"nav-settings\" aria-current=\"page\"");

        Response renamed = admin.post("/projects/" + id + "/rename", "name", "staging-eu");
        assertThat(renamed.header("Location")).isEqualTo("/projects/" + id + "/settings");
        assertThat(admin.get("/projects/" + id + "/settings").body()).contains("Project renamed to");
        Response refused = admin.post("/projects/" + id + "/rename", "name", "");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("action=\"/projects/" + id + "/rotate\"", "name-error");
        assertThat(admin.get("/projects/" + id + "/delete").body())
                .contains("href=\"/projects/" + id + "/settings\">Cancel");
    }

    @Test
    void anotherAccountDoesNotSeeTheSettings() {
        h.account("dev@example.com");
        Browser dev = h.browser().signIn("dev@example.com");
        assertThat(dev.get("/projects/" + id + "/settings").status()).isEqualTo(404);
        assertThat(h.browser().get("/projects/" + id + "/settings").header("Location"))
                .isEqualTo("/login?next=%2Fprojects%2F" + id + "%2Fsettings");
    }

    @Test
    void everySectionCarriesTheTabs() {
        for (String section : new String[] {"", "/backends", "/debug", "/settings"}) {
            String body = admin.get("/projects/" + id + section).body();
            assertThat(body).as(section).contains("aria-label=\"Project sections\"", "id=\"nav-overview\"",
                    "id=\"nav-backends\"", "id=\"nav-debug\"", "id=\"nav-settings\"");
        }
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithItsLineAndColumn() throws Exception {
        Response form = admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room", "data", "[1,\n 2,]");
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body()).contains("This is not valid JSON. Line 2, column 4: Unexpected \u2018]\u2019");
        admin.get("/projects/" + id + "/debug");
        admin.headers.put("X-CSRF-Token", admin.csrf);
        JsonNode bad = JSON.readTree(admin.post("/projects/" + id + "/debug/publish", "channel", "chat:room",
                "data", "{\r\n  \"text\": \"hi\"\r\n  \"n\": 1\r\n}").body());
        assertThat(bad.at("/error/field").asText()).isEqualTo("data");
        assertThat(bad.at("/error/message").asText()).isEqualTo("This is not valid JSON. Line 3, column 3: "
                + "Unexpected \u2018\"\u2019; expected \u2018,\u2019 or \u2018}\u2019.");
        assertThat(h.node.projectStats(id).publications()).as("nothing was published").isZero();
    }
}
