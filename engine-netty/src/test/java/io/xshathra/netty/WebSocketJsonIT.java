package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.WsClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact JSON frames against the real server: wire shapes, codes and ordering. */
class WebSocketJsonIT {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private WsClient connected(String user) throws Exception {
        WsClient c = WsClient.manual(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(user) + "\"}}");
        assertThat(c.next()).matches("\\{\"id\":1,\"connect\":\\{\"client\":\"[0-9a-f-]{36}\",\"version\":\"test\",\"ping\":25,\"pong\":true}}");
        return c;
    }

    @Test
    void connectThenSubscribeInOneFrameRepliesInOrder() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("42") + "\"}}\n"
                    + "{\"id\":2,\"subscribe\":{\"channel\":\"chat:order\"}}");
            String frame = c.next();
            String[] lines = frame.split("\n");
            // The subscriber's own join push is delivered in the same turn and may share the frame.
            assertThat(lines.length).isBetween(2, 3);
            assertThat(lines[0]).startsWith("{\"id\":1,\"connect\":");
            assertThat(lines[1]).matches("\\{\"id\":2,\"subscribe\":\\{\"recoverable\":true,\"epoch\":\"[a-zA-Z]{8}\",\"positioned\":true}}");
            if (lines.length == 3) {
                assertThat(lines[2]).startsWith("{\"push\":{\"channel\":\"chat:order\",\"join\":");
            }
        }
    }

    @Test
    void commandBeforeConnectIsBadRequest() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("{\"id\":1,\"subscribe\":{\"channel\":\"chat:a\"}}");
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }

    @Test
    void garbageIsBadRequest() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("not json");
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }

    @Test
    void oversizedMessageCloses1009() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + "x".repeat(70_000) + "\"}}");
            assertThat(c.closeReason()).startsWith("1009");
        }
    }

    @Test
    void badSignatureIsInvalidToken() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            String forged = new io.xshathra.engine.token.HmacTokenSigner("other").sign(Map.of("sub", "42"));
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + forged + "\"}}");
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
    }

    @Test
    void expiredTokenIsError109() throws Exception {
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            String t = TestServer.token(Map.of("sub", "42", "exp", System.currentTimeMillis() / 1000 - 10));
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + t + "\"}}");
            assertThat(c.next()).isEqualTo("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }
    }

    @Test
    void subscribeErrors() throws Exception {
        try (WsClient c = connected("42")) {
            c.send("{\"id\":2,\"subscribe\":{\"channel\":\"news\"}}");
            assertThat(c.next()).isEqualTo("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
            c.send("{\"id\":3,\"subscribe\":{\"channel\":\"nope:x\"}}");
            assertThat(c.next()).isEqualTo("{\"id\":3,\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
            c.send("{\"id\":4,\"subscribe\":{\"channel\":\"chat:" + "a".repeat(260) + "\"}}");
            assertThat(c.next()).isEqualTo("{\"id\":4,\"error\":{\"code\":107,\"message\":\"bad request\"}}");
            c.send("{\"id\":5,\"subscribe\":{\"channel\":\"chat:dup\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":5,\"subscribe\":");
            assertThat(c.nextLine()).contains("\"join\"");
            c.send("{\"id\":6,\"subscribe\":{\"channel\":\"chat:dup\"}}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":6,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}");
            c.send("{\"id\":7,\"unsubscribe\":{\"channel\":\"chat:never\"}}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":7,\"unsubscribe\":{}}");
        }
    }

    @Test
    void publishHistoryPresenceAndRecovery() throws Exception {
        String ch = "chat:room" + System.nanoTime();
        String epoch;
        try (WsClient a = connected("42")) {
            a.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            String sub = a.nextLine();
            epoch = sub.replaceAll(".*\"epoch\":\"([a-zA-Z]+)\".*", "$1");
            // own join (force_push_join_leave)
            assertThat(a.nextLine()).contains("\"join\":{\"info\":{\"user\":\"42\"");
            a.send("{\"id\":3,\"publish\":{\"channel\":\"" + ch + "\",\"data\":{\"t\": 1}}}");
            String got = a.nextLine() + "\n" + a.nextLine();
            assertThat(got).contains("{\"id\":3,\"publish\":{}}");
            assertThat(got).contains("{\"push\":{\"channel\":\"" + ch + "\",\"pub\":{\"data\":{\"t\": 1},\"info\":{\"user\":\"42\",\"client\":");
            assertThat(got).contains("\"offset\":1}}}");
            a.send("{\"id\":4,\"history\":{\"channel\":\"" + ch + "\",\"limit\":0}}");
            assertThat(a.nextLine()).isEqualTo("{\"id\":4,\"history\":{\"publications\":[],\"epoch\":\"" + epoch + "\",\"offset\":1}}");
            a.send("{\"id\":5,\"history\":{\"channel\":\"" + ch + "\",\"limit\":10,\"since\":{\"offset\":0,\"epoch\":\"wrong\"}}}");
            assertThat(a.nextLine()).isEqualTo("{\"id\":5,\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}");
            a.send("{\"id\":6,\"presence_stats\":{\"channel\":\"" + ch + "\"}}");
            assertThat(a.nextLine()).isEqualTo("{\"id\":6,\"presence_stats\":{\"num_clients\":1,\"num_users\":1}}");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(server.api("publish", "{\"channel\":\"" + ch + "\",\"data\":{\"n\":" + i + "}}").body())
                    .isEqualTo("{\"result\":{\"offset\":" + (i + 2) + ",\"epoch\":\"" + epoch + "\"}}");
        }
        try (WsClient b = connected("42")) {
            b.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\",\"recover\":true,\"offset\":1,\"epoch\":\"" + epoch + "\"}}");
            String r = b.nextLine();
            assertThat(r).contains("\"recovered\":true").contains("\"was_recovering\":true").contains("\"offset\":1,\"positioned\":true")
                    .contains("{\"data\":{\"n\":0},\"offset\":2},{\"data\":{\"n\":1},\"offset\":3},{\"data\":{\"n\":2},\"offset\":4}");
        }
    }

    @Test
    void serverApiErrorsAndAuth() throws Exception {
        assertThat(server.api("publish", "{\"channel\":\"unknown:x\",\"data\":{}}").body())
                .isEqualTo("{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
        assertThat(server.api("batch", "{\"commands\":[{\"publish\":{\"channel\":\"chat:b\",\"data\":{}}},{\"presence_stats\":{\"channel\":\"news\"}}]}").body())
                .matches("\\{\"replies\":\\[\\{\"publish\":\\{\"offset\":1,\"epoch\":\"[a-zA-Z]{8}\"}},\\{\"error\":\\{\"code\":108,\"message\":\"not available\"}}]}");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.wsUrl().replace("ws://", "http://")
                                .replace("/connection/websocket", "/api/publish")))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void operatorAddressesAProjectSpaceWithTheProjectHeader() throws Exception {
        String ch = "chat:tenant" + System.nanoTime();
        try (WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(Map.of("sub", "t1", "projectId", "proj_T")) + "\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
            c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":2,\"subscribe\":");
            assertThat(c.nextLine()).contains("\"join\"");
            assertThat(server.api("publish", "{\"channel\":\"" + ch + "\",\"data\":{\"space\":\"default\"}}").body())
                    .startsWith("{\"result\":{\"offset\":1,");
            assertThat(server.api("publish", "{\"channel\":\"" + ch + "\",\"data\":{\"space\":\"project\"}}",
                    Map.of("X-Xshathra-Project", "proj_T")).body()).startsWith("{\"result\":{\"offset\":1,");
            assertThat(c.nextLine()).contains("{\"space\":\"project\"}");
            assertThat(c.texts.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)).as("nothing from the default space").isNull();
        }
    }

    @Test
    void apiDisconnectUsesCustomCode() throws Exception {
        try (WsClient c = connected("disc-user")) {
            server.api("disconnect", "{\"user\":\"disc-user\",\"disconnect\":{\"code\":4000,\"reason\":\"custom\"}}");
            assertThat(c.closeReason()).isEqualTo("4000 custom");
        }
    }

    @Test
    void sendIsNotAvailableAndRpcIsNotAvailable() throws Exception {
        try (WsClient c = connected("42")) {
            c.send("{\"id\":5,\"rpc\":{\"method\":\"x\"}}");
            assertThat(c.next()).isEqualTo("{\"id\":5,\"error\":{\"code\":108,\"message\":\"not available\"}}");
            c.send("{\"send\":{\"data\":{}}}");
            assertThat(c.closeReason()).isEqualTo("3508 not available");
        }
    }

    @Test
    void unsolicitedPongIsBadRequest() throws Exception {
        try (WsClient c = connected("42")) {
            c.send("{}");
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }
}
