package io.xshathra.engine.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Value semantics of the token records: byte arrays compare by content and never reach logs. */
class TokenRecordsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void connectTokensCompareByContentAndCopyCollections() {
        List<String> channels = new ArrayList<>(List.of("a"));
        Map<String, SubscribeOptions> subs = new LinkedHashMap<>();
        subs.put("b", new SubscribeOptions(bytes("{}"), null, null));
        ConnectToken first = new ConnectToken("u", 1, bytes("{\"x\":1}"), channels, subs, bytes("{\"m\":1}"), "p");
        channels.add("mutated");
        subs.clear();
        ConnectToken second = new ConnectToken("u", 1, bytes("{\"x\":1}"), List.of("a"),
                Map.of("b", new SubscribeOptions(bytes("{}"), null, null)), bytes("{\"m\":1}"), "p");

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.channels()).containsExactly("a");
        assertThatThrownBy(() -> first.subs().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(first.toString()).contains("info=7 bytes").doesNotContain("\"x\"").doesNotContain("\"m\"");
    }

    @Test
    void subscriptionTokensCompareByContent() {
        SubscriptionToken a = new SubscriptionToken("u", "c", "", 0, bytes("i"), bytes("d"), null, "");
        SubscriptionToken b = new SubscriptionToken("u", "c", "", 0, bytes("i"), bytes("d"), null, "");
        SubscriptionToken c = new SubscriptionToken("u", "c", "", 0, bytes("i"), bytes("other"), null, "");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).contains("data=1 bytes");
    }
}
