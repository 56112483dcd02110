package io.xshathra.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(TenantEvent e) throws Exception {
        return JSON.readTree(WebhookBodies.event(e));
    }

    @Test
    void channelEventsCarryNameChannelIdAndTime() throws Exception {
        JsonNode e = event(new TenantEvent(Kind.CHANNEL_OCCUPIED, "proj_1", "public:lobby", "", "", null, 1234));
        assertThat(e.get("name").asText()).isEqualTo("channel_occupied");
        assertThat(e.get("channel").asText()).isEqualTo("public:lobby");
        assertThat(e.get("timeMs").asLong()).isEqualTo(1234);
        assertThat(e.get("id").asText()).startsWith("evt_");
        assertThat(e.has("user")).isFalse();
        assertThat(e.has("data")).isFalse();
    }

    @Test
    void memberEventsCarryUserAndClient() throws Exception {
        JsonNode e = event(new TenantEvent(Kind.MEMBER_REMOVED, "proj_1", "chat:1", "alice", "c-1", null, 1));
        assertThat(e.get("user").asText()).isEqualTo("alice");
        assertThat(e.get("client").asText()).isEqualTo("c-1");
    }

    @Test
    void publicationDataIsJsonWhenItIsJsonElseBase64() throws Exception {
        JsonNode json = event(new TenantEvent(Kind.CLIENT_PUBLICATION, "p", "c", "u", "k",
                "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8), 1));
        assertThat(json.get("data").get("text").asText()).isEqualTo("hi");
        byte[] binary = {0, (byte) 0xff, 3};
        JsonNode bin = event(new TenantEvent(Kind.CLIENT_PUBLICATION, "p", "c", "u", "k", binary, 1));
        assertThat(bin.has("data")).isFalse();
        assertThat(bin.get("b64data").asText()).isEqualTo("AP8D");
        JsonNode trailing = event(new TenantEvent(Kind.CLIENT_PUBLICATION, "p", "c", "u", "k",
                "{} {}".getBytes(StandardCharsets.UTF_8), 1));
        assertThat(trailing.has("b64data")).as("two JSON values are not one").isTrue();
    }

    @Test
    void eventsAreCutIntoBodiesByCountAndSize() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(WebhookBodies.event(new TenantEvent(Kind.CHANNEL_VACATED, "p", "c" + i, "", "", null, i)));
        }
        List<WebhookBodies.Body> bodies = WebhookBodies.bodies(events, 99);
        assertThat(bodies).extracting(WebhookBodies.Body::events).containsExactly(100, 100, 50);
        JsonNode first = JSON.readTree(bodies.get(0).json());
        assertThat(first.get("timeMs").asLong()).isEqualTo(99);
        assertThat(first.get("events")).hasSize(100);
        assertThat(first.get("events").get(0).get("channel").asText()).isEqualTo("c0");

        String big = "{\"x\":\"" + "a".repeat(100_000) + "\"}";
        List<WebhookBodies.Body> bySize = WebhookBodies.bodies(Collections.nCopies(5, big), 1);
        assertThat(bySize).extracting(WebhookBodies.Body::events).containsExactly(2, 2, 1);
        assertThat(WebhookBodies.bodies(List.of(), 1)).isEmpty();
    }
}
