package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.ProxySettings;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.engine.proxy.ProxySignature;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A project's own backends (set through the control plane, not the configuration file), driven by
 * a real WebSocket client: a connection with the project's client key and no token is identified
 * by the project's connect backend, its subscriptions, publications and RPCs go to the project's
 * backends, every call is signed with the project's secret, and neither another project nor the
 * default channel space ever reaches them.
 */
class ProjectBackendsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BlockingQueue<JsonNode> RECEIVED = new LinkedBlockingQueue<>();
    private static HttpServer backend;
    private static ServerFixture server;
    private static CreatedProject p;
    private static CreatedProject q;
    private static String secret;

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", ex -> {
            try (ex) {
                byte[] raw = ex.getRequestBody().readAllBytes();
                ObjectNode body = (ObjectNode) JSON.readTree(raw);
                body.put("path", ex.getRequestURI().getPath());
                body.put("signedOk", ProxySignature.verify(secret, ex.getRequestHeaders().getFirst(ProxySignature.HEADER),
                        raw, System.currentTimeMillis() / 1000, 300));
                RECEIVED.add(body);
                byte[] out = JSON.writeValueAsBytes(answer(body));
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        backend.start();
        server = ServerFixture.start();
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        p = store.projects().create(owner, "with-backends").toCompletableFuture().join();
        q = store.projects().create(owner, "without").toCompletableFuture().join();
        String base = "http://127.0.0.1:" + backend.getAddress().getPort();
        ProxySettings proxies = store.projects().proxies();
        for (ProxyKind k : new ProxyKind[] {ProxyKind.CONNECT, ProxyKind.SUBSCRIBE, ProxyKind.PUBLISH, ProxyKind.RPC}) {
            secret = proxies.set(p.project().id(), k, base + "/" + k.id(), null).toCompletableFuture().join()
                    .signingSecret();
        }
    }

    private static Map<String, Object> answer(JsonNode req) {
        switch (req.get("path").asText()) {
            case "/connect":
                return Map.of("result", Map.of("user", "carol"));
            case "/rpc":
                return Map.of("result", Map.of("data", Map.of("user", req.path("user").asText(),
                        "method", req.path("method").asText())));
            case "/publish":
                return Map.of("result", Map.of());
            default:
                return req.get("channel").asText().endsWith("no")
                        ? Map.of("error", Map.of("code", 4403, "message", "not yours"))
                        : Map.of("result", Map.of());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    @BeforeEach
    void drain() {
        RECEIVED.clear();
    }

    private static JsonNode next(String path) throws InterruptedException {
        JsonNode r = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a call to " + path + " within 5 s").isNotNull();
        assertThat(r.get("path").asText()).isEqualTo(path);
        assertThat(r.get("signedOk").asBoolean()).as("signed with the project's secret").isTrue();
        return r;
    }

    private static JsonNode send(WsClient ws, String frame) throws Exception {
        ws.send(frame);
        return JSON.readTree(ws.nextLine());
    }

    private static String connectWithClientKey(CreatedProject project) {
        return "{\"id\":1,\"connect\":{\"data\":{\"clientApiKey\":\"" + project.clientApiKey() + "\"}}}";
    }

    @Test
    void theProjectsBackendsDecideForItsConnections() throws Exception {
        try (WsClient ws = WsClient.open(server.wsUrl())) {
            JsonNode connected = send(ws, connectWithClientKey(p));
            assertThat(connected.path("connect").path("client").asText()).isNotEmpty();
            JsonNode connect = next("/connect");
            assertThat(connect.path("user").asText()).isEmpty();

            JsonNode rpc = send(ws, "{\"id\":2,\"rpc\":{\"method\":\"whoami\",\"data\":{}}}");
            assertThat(rpc.path("rpc").path("data")).isEqualTo(JSON.readTree("{\"user\":\"carol\",\"method\":\"whoami\"}"));
            assertThat(next("/rpc").path("user").asText()).isEqualTo("carol");

            JsonNode sub = send(ws, "{\"id\":3,\"subscribe\":{\"channel\":\"secure:room\"}}");
            assertThat(sub.has("subscribe")).as(sub.toString()).isTrue();
            JsonNode subCall = next("/subscribe");
            assertThat(subCall.path("channel").asText()).as("the channel as the tenant names it").isEqualTo("secure:room");
            assertThat(subCall.path("user").asText()).isEqualTo("carol");

            JsonNode refused = send(ws, "{\"id\":4,\"subscribe\":{\"channel\":\"secure:no\"}}");
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(4403);
            next("/subscribe");

            ws.send("{\"id\":5,\"publish\":{\"channel\":\"secure:room\",\"data\":{\"n\":1}}}");
            // The publisher is subscribed: its push and the reply come in either order.
            JsonNode first = JSON.readTree(ws.nextLine());
            JsonNode second = JSON.readTree(ws.nextLine());
            JsonNode pub = first.has("id") ? first : second;
            JsonNode push = first.has("id") ? second : first;
            assertThat(pub.has("publish")).as(pub.toString()).isTrue();
            assertThat(push.path("push").path("pub").path("info").path("user").asText()).isEqualTo("carol");
            assertThat(next("/publish").path("data")).isEqualTo(JSON.readTree("{\"n\":1}"));
        }
    }

    @Test
    void anotherProjectAndTheDefaultSpaceNeverReachThem() throws Exception {
        try (WsClient other = WsClient.open(server.wsUrl()); WsClient plain = WsClient.open(server.wsUrl())) {
            send(other, connectWithClientKey(q));
            assertThat(send(other, "{\"id\":2,\"rpc\":{\"method\":\"whoami\",\"data\":{}}}").path("error").path("code")
                    .asInt()).as("no RPC handler for project q").isEqualTo(108);
            assertThat(send(other, "{\"id\":3,\"subscribe\":{\"channel\":\"secure:room\"}}").path("error").path("code")
                    .asInt()).isEqualTo(103);

            send(plain, "{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("dave") + "\"}}");
            assertThat(send(plain, "{\"id\":2,\"rpc\":{\"method\":\"whoami\",\"data\":{}}}").path("error").path("code")
                    .asInt()).isEqualTo(108);
            assertThat(send(plain, "{\"id\":3,\"subscribe\":{\"channel\":\"secure:room\"}}").path("error").path("code")
                    .asInt()).isEqualTo(103);
        }
        assertThat(RECEIVED.poll(300, TimeUnit.MILLISECONDS)).as("no backend call").isNull();
    }

    @Test
    void aRemovedBackendStopsBeingCalledAtOnce() throws Exception {
        ProxySettings proxies = server.launcher().store().projects().proxies();
        String rpcUrl = "http://127.0.0.1:" + backend.getAddress().getPort() + "/rpc";
        proxies.remove(p.project().id(), ProxyKind.RPC).toCompletableFuture().join();
        try (WsClient ws = WsClient.open(server.wsUrl())) {
            send(ws, connectWithClientKey(p));
            next("/connect");
            assertThat(send(ws, "{\"id\":2,\"rpc\":{\"method\":\"whoami\",\"data\":{}}}").path("error").path("code")
                    .asInt()).isEqualTo(108);
        } finally {
            proxies.set(p.project().id(), ProxyKind.RPC, rpcUrl, null).toCompletableFuture().join();
        }
    }
}
