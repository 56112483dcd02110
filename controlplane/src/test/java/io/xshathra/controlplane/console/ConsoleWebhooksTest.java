package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.controlplane.webhooks.ClaimedBatch;
import io.xshathra.controlplane.webhooks.OutboxBatch;
import io.xshathra.controlplane.webhooks.WebhookDelivery;
import io.xshathra.controlplane.webhooks.WebhookEndpoint;
import io.xshathra.engine.project.TenantEvent.Kind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A project's webhooks page: adding (secret shown once), refusals, removing, the delivery log, ownership. */
class ConsoleWebhooksTest extends AdminProjectTest {
    private static final Pattern SECRET = Pattern.compile("whsec_[0-9A-Za-z]{43}");
    private static final String URL = "https://203.0.113.10/hooks";

    private List<WebhookEndpoint> stored() {
        return ConsoleHarness.await(h.store.webhooks().list(id));
    }

    private String page() {
        return admin.get("/projects/" + id + "/webhooks").body();
    }

    @Test
    void theProjectLinksToItsWebhooksWhichStartEmpty() {
        assertThat(admin.get("/projects/" + id).body()).contains("href=\"/projects/" + id + "/webhooks\"");
        Response page = admin.get("/projects/" + id + "/webhooks");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("No webhooks yet", "Nothing delivered yet", "name=\"event_channel_occupied\"",
                "name=\"event_client_publication\"");
    }

    @Test
    void addingShowsTheSecretOnceThenTheEndpointAndRemovingRemovesIt() {
        Response added = admin.post("/projects/" + id + "/webhooks", "url", URL, "event_channel_occupied", "on",
                "event_member_added", "on");
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.header("Location")).isEqualTo("/projects/" + id + "/webhooks");
        String first = page();
        Matcher m = SECRET.matcher(first);
        assertThat(m.find()).as("the secret is shown after adding").isTrue();
        assertThat(first).contains("shown only now", URL, "channel_occupied, member_added", "0 waiting");
        WebhookEndpoint e = stored().get(0);
        assertThat(e.events()).containsExactlyInAnyOrder(Kind.CHANNEL_OCCUPIED, Kind.MEMBER_ADDED);
        assertThat(SECRET.matcher(page()).find()).as("and never again").isFalse();

        Response removed = admin.post("/projects/" + id + "/webhooks/remove", "id", e.id());
        assertThat(removed.status()).isEqualTo(303);
        assertThat(page()).contains("The webhook " + e.id() + " was removed.", "No webhooks yet");
        assertThat(stored()).isEmpty();
    }

    @Test
    void refusalsNameTheProblemKeepWhatWasTypedAndChangeNothing() {
        Response bad = admin.post("/projects/" + id + "/webhooks", "url", "ftp://example.com/x", "event_member_added", "on");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("http:// or https://", "value=\"ftp://example.com/x\"", "aria-invalid");
        Response internal = admin.post("/projects/" + id + "/webhooks", "url", "http://127.0.0.1:8080/x",
                "event_member_added", "on");
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.body()).contains("private network");
        Response none = admin.post("/projects/" + id + "/webhooks", "url", URL);
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("choose at least one event", "value=\"" + URL + "\"");
        assertThat(stored()).isEmpty();
    }

    @Test
    void theLastDeliveriesAreListedWithTheirStatus() {
        admin.post("/projects/" + id + "/webhooks", "url", URL, "event_channel_vacated", "on");
        WebhookEndpoint e = stored().get(0);
        ConsoleHarness.await(h.store.webhooks().enqueue(List.of(new OutboxBatch(e.id(), id, "{}", 3))));
        ClaimedBatch b = ConsoleHarness.await(h.store.webhooks().claim("n", 1, 60_000)).get(0);
        long now = h.clock.millis();
        ConsoleHarness.await(h.store.webhooks().finish(b, new WebhookDelivery(e.id(), now, 503, "", 42, 3, 1), now));
        ConsoleHarness.await(h.store.webhooks().finish(b, new WebhookDelivery(e.id(), now + 1, 0,
                "cannot connect: <refused>", 7, 3, 2), now + 10));
        String page = page();
        assertThat(page).contains("id=\"deliveries\"", "HTTP 503", "no answer", "42 ms", "1 waiting",
                "cannot connect: &lt;refused&gt;");
        assertThat(page.indexOf("no answer")).as("newest first").isLessThan(page.indexOf("HTTP 503"));
    }

    @Test
    void onlyTheOwnerSeesOrChangesThemAndFormsNeedTheirToken() {
        admin.post("/projects/" + id + "/webhooks", "url", URL, "event_channel_vacated", "on");
        String hook = stored().get(0).id();
        h.account("dev@example.com");
        Browser dev = h.browser().signIn("dev@example.com");
        assertThat(dev.get("/projects/" + id + "/webhooks").status()).isEqualTo(404);
        assertThat(dev.post("/projects/" + id + "/webhooks", "url", URL, "event_member_added", "on").status())
                .isEqualTo(404);
        assertThat(dev.post("/projects/" + id + "/webhooks/remove", "id", hook).status()).isEqualTo(404);
        assertThat(admin.post("/projects/" + id + "/webhooks", "_csrf", "forged", "url", URL, "event_member_added", "on")
                .status()).isEqualTo(403);
        assertThat(stored()).hasSize(1);
    }
}
