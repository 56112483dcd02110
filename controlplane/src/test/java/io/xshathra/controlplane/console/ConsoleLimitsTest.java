package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.controlplane.limits.LimitOverrides;
import org.junit.jupiter.api.Test;

/** A project's limits page: usage against the limits, saving, refusals that keep what was typed, defaults, ownership. */
class ConsoleLimitsTest extends AdminProjectTest {

    private LimitOverrides stored() {
        return ConsoleHarness.await(h.store.limits().of(id));
    }

    @Test
    void theProjectLinksToItsLimitsWhichStartAtTheDefaults() {
        assertThat(admin.get("/projects/" + id).body()).contains("href=\"/projects/" + id + "/limits\"");
        Response page = admin.get("/projects/" + id + "/limits");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Limits</h1>", "id=\"usage-connections\">0 / no limit<",
                "id=\"usage-rate\">0 / no limit<", "id=\"usage-size\">no limit<");
    }

    @Test
    void savingShowsTheLimitsAndEmptyFieldsGoBackToTheDefaults() {
        Response saved = admin.post("/projects/" + id + "/limits", "action", "save", "max_connections", "250",
                "max_publications_per_second", "20", "max_message_size", "");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(stored()).isEqualTo(new LimitOverrides(250, 20, null));
        assertThat(admin.get("/projects/" + id + "/limits").body()).contains("The project&#39;s limits were saved.",
                "0 / 250", "0 / 20");
        admin.post("/projects/" + id + "/limits", "action", "save", "max_connections", "",
                "max_publications_per_second", "0", "max_message_size", "1024");
        assertThat(stored()).as("replaced whole").isEqualTo(new LimitOverrides(null, 0, 1024));
        admin.post("/projects/" + id + "/limits", "action", "reset");
        assertThat(stored()).isEqualTo(LimitOverrides.NONE);
    }

    @Test
    void aBadValueIsRefusedKeepingWhatWasTyped() {
        for (String bad : new String[] {"-1", "lots", "99999999999"}) {
            Response r = admin.post("/projects/" + id + "/limits", "action", "save", "max_connections", "5",
                    "max_publications_per_second", bad, "max_message_size", "");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("max_publications_per_second").contains("value=\"" + bad + "\"");
        }
        assertThat(stored()).isEqualTo(LimitOverrides.NONE);
    }

    @Test
    void anotherAccountCannotSeeOrChangeThem() {
        h.account("other@example.com");
        Browser other = h.browser().signIn("other@example.com");
        assertThat(other.get("/projects/" + id + "/limits").status()).isEqualTo(404);
        assertThat(other.post("/projects/" + id + "/limits", "action", "save", "max_connections", "1").status())
                .isEqualTo(404);
        assertThat(stored()).isEqualTo(LimitOverrides.NONE);
    }
}
