package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant API ({@code /api/realtime/history}, {@code presence}, {@code channels},
 * {@code broadcast}, {@code unsubscribe}, {@code disconnect}, …) on the real server with real
 * WebSocket clients. The user {@code alice} is connected three times, to {@code chat:room} each
 * time: in project P, in project Q and in the default space; every call made with P's key must
 * see and touch P's alice only.
 */
class TenantApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "chat:room";

    private static ServerFixture server;
    private static CreatedProject p;
    private static CreatedProject q;

    private WsClient aliceP;
    private WsClient aliceQ;
    private WsClient aliceDefault;

    /** A server per test: history and presence start empty. */
    @BeforeEach
    void start() {
        server = ServerFixture.start();
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        p = store.projects().create(owner, "p").toCompletableFuture().join();
        q = store.projects().create(owner, "q").toCompletableFuture().join();
        connectAlices();
    }

    @AfterEach
    void stop() {
        for (WsClient c : new WsClient[] {aliceP, aliceQ, aliceDefault}) {
            if (c != null) {
                c.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private void connectAlices() {
        aliceP = subscribed(TokenMinterIT.connect(server, p, "alice"));
        aliceQ = subscribed(TokenMinterIT.connect(server, q, "alice"));
        WsClient d = WsClient.open(server.wsUrl());
        d.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("alice") + "\"}}");
        assertThat(d.nextLine()).startsWith("{\"id\":1,\"connect\":");
        aliceDefault = subscribed(d);
    }

    private static WsClient subscribed(WsClient c) {
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ROOM + "\"}}");
        assertThat(c.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
        return c;
    }

    private static JsonNode ok(CreatedProject project, String endpoint, String body) {
        HttpResponse<String> r = TokenMinterIT.post(server, endpoint, project, body);
        assertThat(r.statusCode()).as(endpoint + " " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Each alice receives the next publication of her own space, proving she got none of another's before it. */
    private void eachAliceGetsHerOwnNext(String tag) {
        ok(q, "publish", "{\"channel\":\"" + ROOM + "\",\"data\":{\"from\":\"q-" + tag + "\"}}");
        server.publish(ROOM, "{\"from\":\"default-" + tag + "\"}");
        assertThat(aliceQ.nextLineContaining("\"pub\"")).contains("q-" + tag);
        assertThat(aliceDefault.nextLineContaining("\"pub\"")).contains("default-" + tag);
    }

    @Test
    void historyPresenceAndChannelsShowOnlyTheProjectsSpace() {
        ok(p, "publish", "{\"channel\":\"" + ROOM + "\",\"data\":{\"from\":\"p\"},\"tags\":{\"k\":\"v\"}}");
        assertThat(aliceP.nextLineContaining("\"pub\"")).contains("{\"from\":\"p\"}");
        eachAliceGetsHerOwnNext("1");

        JsonNode history = ok(p, "history", "{\"channel\":\"" + ROOM + "\",\"limit\":10}");
        assertThat(history.get("publications").toString()).isEqualTo("[{\"data\":{\"from\":\"p\"},\"offset\":1,\"tags\":{\"k\":\"v\"}}]");
        assertThat(history.get("offset").asLong()).isEqualTo(1);
        assertThat(ok(q, "history", "{\"channel\":\"" + ROOM + "\",\"limit\":10}").get("publications").toString())
                .isEqualTo("[{\"data\":{\"from\":\"q-1\"},\"offset\":1}]");

        JsonNode presence = ok(p, "presence", "{\"channel\":\"" + ROOM + "\"}").get("clients");
        assertThat(presence.size()).isEqualTo(1);
        JsonNode client = presence.elements().next();
        assertThat(client.get("user").asText()).isEqualTo("alice");
        assertThat(presence.fieldNames().next()).isEqualTo(client.get("client").asText());
        assertThat(ok(p, "presence-stats", "{\"channel\":\"" + ROOM + "\"}").toString())
                .isEqualTo("{\"numClients\":1,\"numUsers\":1}");
        assertThat(ok(q, "presence", "{\"channel\":\"" + ROOM + "\"}").get("clients").fieldNames().next())
                .isNotEqualTo(client.get("client").asText());

        assertThat(ok(p, "channels", "{}").toString()).isEqualTo("{\"channels\":{\"chat:room\":{\"numClients\":1}}}");
        assertThat(ok(p, "channels", "{\"pattern\":\"chat:*\"}").toString())
                .isEqualTo("{\"channels\":{\"chat:room\":{\"numClients\":1}}}");
        assertThat(ok(p, "channels", "{\"pattern\":\"*" + q.project().id() + "*\"}").toString()).isEqualTo("{\"channels\":{}}");
        assertThat(TokenMinterIT.post(server, "channels", p, "{\"pattern\":\"\\u001F*\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void historyRemoveAndBroadcastStayInTheProjectsSpace() {
        JsonNode b = ok(p, "broadcast", "{\"channels\":[\"" + ROOM + "\",\"feed:news\"],\"data\":{\"to\":\"all\"}}");
        assertThat(b.get("results").get(0).get("channel").asText()).isEqualTo(ROOM);
        assertThat(b.get("results").get(1).get("channel").asText()).isEqualTo("feed:news");
        assertThat(aliceP.nextLineContaining("\"pub\"")).contains("{\"to\":\"all\"}");
        eachAliceGetsHerOwnNext("2");

        assertThat(ok(p, "history", "{\"channel\":\"feed:news\",\"limit\":10}").get("publications")).hasSize(1);
        assertThat(ok(q, "history", "{\"channel\":\"feed:news\",\"limit\":10}").get("publications")).isEmpty();
        assertThat(ok(p, "history-remove", "{\"channel\":\"" + ROOM + "\"}").toString()).isEqualTo("{}");
        assertThat(ok(p, "history", "{\"channel\":\"" + ROOM + "\",\"limit\":10}").get("publications")).isEmpty();
        assertThat(ok(q, "history", "{\"channel\":\"" + ROOM + "\",\"limit\":10}").get("publications")).isNotEmpty();
    }

    @Test
    void unsubscribeTouchesOnlyTheProjectsUser() {
        assertThat(ok(p, "unsubscribe", "{\"userId\":\"alice\",\"channel\":\"" + ROOM + "\"}").toString()).isEqualTo("{}");
        assertThat(aliceP.nextLineContaining("\"unsubscribe\"")).contains("\"channel\":\"" + ROOM + "\"");
        eachAliceGetsHerOwnNext("3");
        assertThat(ok(q, "presence-stats", "{\"channel\":\"" + ROOM + "\"}").get("numClients").asInt()).isEqualTo(1);
        assertThat(server.numClients(ROOM)).as("the default space's alice").isEqualTo(1);
    }

    @Test
    void disconnectTouchesOnlyTheProjectsUser() {
        assertThat(ok(p, "disconnect", "{\"userId\":\"alice\"}").toString()).isEqualTo("{}");
        assertThat(aliceP.closeReason()).isEqualTo("3503 force disconnect");
        eachAliceGetsHerOwnNext("4");
        assertThat(aliceQ.isOpen() && aliceDefault.isOpen()).isTrue();
    }

    @Test
    void errorsNameTheFieldAndKeysAreChecked() {
        HttpResponse<String> r = TokenMinterIT.post(server, "history", p, "{\"channel\":\"" + ROOM + "\",\"limit\":5000}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("limit: must be between 0 and 1000 (got 5000)");
        r = TokenMinterIT.post(server, "presence", p, "{\"channel\":\"feed:news\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"not_available\"");
        CreatedProject wrongKey = new CreatedProject(p.project(), p.clientApiKey(), p.clientApiKey());
        assertThat(TokenMinterIT.post(server, "channels", wrongKey, "{}").statusCode()).isEqualTo(403);
    }
}
