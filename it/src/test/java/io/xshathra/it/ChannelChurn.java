package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An anonymous connection (a project's public client key) that subscribes to and unsubscribes
 * from many distinct channels, asking for recovery each time, in frames of {@link #BATCH}
 * channels (a subscribe and an unsubscribe each) and reading every reply before the next frame.
 */
final class ChannelChurn {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH = 100;

    private ChannelChurn() {
    }

    /** A project of a new owner on the server's control plane. */
    static CreatedProject project(ServerFixture server) {
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        return store.projects().create(owner, "churned").toCompletableFuture().join();
    }

    /** Connects with the public client key; the connect reply must arrive. */
    static WsClient connectAnonymously(ServerFixture server, CreatedProject p) {
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"data\":{\"clientApiKey\":\"" + p.clientApiKey() + "\"}}}");
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
        return c;
    }

    /** Subscribes to and unsubscribes from {@code open:churn-0 … open:churn-(n-1)}; every reply must be a success. */
    static void churn(WsClient c, int n) {
        int id = 10;
        for (int first = 0; first < n; first += BATCH) {
            StringBuilder frame = new StringBuilder();
            int last = Math.min(n, first + BATCH);
            for (int ch = first; ch < last; ch++) {
                String channel = "open:churn-" + ch;
                frame.append(ch == first ? "" : "\n")
                        .append("{\"id\":").append(id++).append(",\"subscribe\":{\"channel\":\"").append(channel)
                        .append("\",\"recover\":true,\"epoch\":\"gone\",\"offset\":3}}\n")
                        .append("{\"id\":").append(id++).append(",\"unsubscribe\":{\"channel\":\"").append(channel)
                        .append("\"}}");
            }
            c.send(frame.toString());
            for (int i = 0; i < 2 * (last - first); i++) {
                String reply = c.nextLine(Duration.ofSeconds(10));
                assertThat(reply).as("reply in batch from " + first).doesNotContain("\"error\"");
            }
        }
    }

    /** Publishes through the project's customer-backend API; the {@code [epoch, offset]} stored. */
    static String[] publish(ServerFixture server, CreatedProject p, String channel, int n) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/realtime/publish"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "apikey " + p.serverApiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + n + "}}"))
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("publish answered " + r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            return new String[] {body.path("epoch").asText(), body.path("offset").asText()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * After the churn, recovery still works: one publication, a subscribe that learns the position,
     * an unsubscribe, two more publications, and a subscribe from the learnt position that
     * recovers exactly those two.
     */
    static void recoveryStillWorks(ServerFixture server, CreatedProject p, WsClient c) throws IOException {
        String channel = "open:kept";
        publish(server, p, channel, 1);
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\",\"recover\":true}}");
        JsonNode first = JSON.readTree(c.nextLine()).path("subscribe");
        String epoch = first.path("epoch").asText();
        // A recovering subscribe may carry the stream's publications instead of its offset.
        JsonNode pubs = first.path("publications");
        long offset = Math.max(first.path("offset").asLong(),
                pubs.isEmpty() ? 0 : pubs.get(pubs.size() - 1).path("offset").asLong());
        assertThat(offset).as("position after one publication: " + first).isEqualTo(1);
        c.send("{\"id\":3,\"unsubscribe\":{\"channel\":\"" + channel + "\"}}");
        assertThat(c.nextLine()).startsWith("{\"id\":3,");
        assertThat(publish(server, p, channel, 2)[0]).isEqualTo(epoch);
        publish(server, p, channel, 3);
        c.send("{\"id\":4,\"subscribe\":{\"channel\":\"" + channel + "\",\"recover\":true,\"epoch\":\"" + epoch
                + "\",\"offset\":" + offset + "}}");
        JsonNode again = JSON.readTree(c.nextLine()).path("subscribe");
        assertThat(again.path("recovered").asBoolean()).as("recovered: " + again).isTrue();
        assertThat(again.path("publications")).hasSize(2);
        assertThat(again.at("/publications/0/data/n").asInt()).isEqualTo(2);
        assertThat(again.at("/publications/1/data/n").asInt()).isEqualTo(3);
    }
}
