package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A project's backends page: saving, replacing and removing endpoints, refusals, the signing secret, ownership. */
class ConsoleBackendsTest extends AdminProjectTest {
    private static final Pattern SECRET = Pattern.compile("xs_ps_[0-9A-Za-z]{43}");

    private ProjectProxies stored() {
        return ConsoleHarness.await(h.store.projects().proxies().of(id));
    }

    private static String secret(Response page) {
        Matcher m = SECRET.matcher(page.body());
        return m.find() ? m.group() : null;
    }

    @Test
    void theProjectPageLinksToItsBackendsWhichStartOff() {
        assertThat(admin.get("/projects/" + id).body()).contains("href=\"/projects/" + id + "/backends\"");
        Response page = admin.get("/projects/" + id + "/backends");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"connect-state\">Off", "id=\"rpc-state\">Off", "No secret yet",
                "name=\"url_sub_refresh\"");
        assertThat(secret(page)).isNull();
    }

    @Test
    void savingShowsTheEndpointAndTheSecretAndRemovingTurnsItOff() {
        Response saved = admin.post("/projects/" + id + "/backends", "kind", "connect", "action", "save",
                "url_connect", "https://203.0.113.10/centrifugo/connect", "timeout_connect", "2500");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo("/projects/" + id + "/backends");
        Response page = admin.get(saved.header("Location"));
        assertThat(page.body()).contains("The connect backend was saved.", "id=\"connect-state\">On",
                "value=\"https://203.0.113.10/centrifugo/connect\"", "value=\"2500\"");
        String secret = secret(page);
        assertThat(secret).isNotNull().isEqualTo(stored().signingSecret());
        assertThat(stored().endpoint(ProxyKind.CONNECT).orElseThrow().timeout()).isEqualTo(Duration.ofMillis(2500));

        admin.post("/projects/" + id + "/backends/secret");
        String rotated = secret(admin.get("/projects/" + id + "/backends"));
        assertThat(rotated).isNotNull().isNotEqualTo(secret).isEqualTo(stored().signingSecret());

        Response removed = admin.post("/projects/" + id + "/backends", "kind", "connect", "action", "remove");
        assertThat(removed.status()).isEqualTo(303);
        assertThat(admin.get("/projects/" + id + "/backends").body()).contains("The connect backend was removed.",
                "id=\"connect-state\">Off");
        assertThat(stored().endpoints()).isEmpty();
    }

    @Test
    void refusalsNameTheProblemKeepWhatWasTypedAndChangeNothing() {
        Response bad = admin.post("/projects/" + id + "/backends", "kind", "rpc", "action", "save",
                "url_rpc", "ftp://example.com/rpc", "timeout_rpc", "1000");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("http:// or https://", "value=\"ftp://example.com/rpc\"", "aria-invalid");
        Response internal = admin.post("/projects/" + id + "/backends", "kind", "rpc", "action", "save",
                "url_rpc", "http://127.0.0.1:8080/rpc", "timeout_rpc", "1000");
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.body()).contains("private network");
        Response slow = admin.post("/projects/" + id + "/backends", "kind", "rpc", "action", "save",
                "url_rpc", "https://203.0.113.10/rpc", "timeout_rpc", "99999");
        assertThat(slow.status()).isEqualTo(400);
        assertThat(slow.body()).contains("Timeout must be");
        assertThat(admin.post("/projects/" + id + "/backends", "kind", "webhook", "action", "save").status())
                .isEqualTo(400);
        assertThat(stored().endpoints()).isEmpty();
    }

    @Test
    void onlyTheOwnerSeesOrChangesThemAndFormsNeedTheirToken() {
        h.account("dev@example.com");
        Browser dev = h.browser().signIn("dev@example.com");
        assertThat(dev.get("/projects/" + id + "/backends").status()).isEqualTo(404);
        assertThat(dev.post("/projects/" + id + "/backends", "kind", "connect", "action", "save",
                "url_connect", "https://203.0.113.10/c", "timeout_connect", "1000").status()).isEqualTo(404);
        assertThat(dev.post("/projects/" + id + "/backends/secret").status()).isEqualTo(404);
        assertThat(admin.post("/projects/" + id + "/backends", "_csrf", "forged", "kind", "connect", "action", "save",
                "url_connect", "https://203.0.113.10/c", "timeout_connect", "1000").status()).isEqualTo(403);
        assertThat(stored().endpoints()).isEmpty();
        assertThat(stored().signingSecret()).isEmpty();
    }
}
