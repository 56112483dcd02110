package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant boundaries on the real server: {@code client.user_connection_limit} counts a user of one
 * project, and channels in token claims are held to the client's channel rules (the project
 * separator never gets through, whether a token is crafted with the secret or asked from the API).
 */
class TenantBoundaryIT {
    private static ServerFixture server;
    private static CreatedProject p;
    private static CreatedProject q;

    @BeforeAll
    static void start() {
        server = ServerFixture.builder().client("user_connection_limit", 1).start();
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        p = store.projects().create(owner, "p").toCompletableFuture().join();
        q = store.projects().create(owner, "q").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSameUserIdInAnotherProjectIsAnotherUser() {
        try (WsClient aliceP = TokenMinterIT.connect(server, p, "alice");
             WsClient aliceQ = TokenMinterIT.connect(server, q, "alice");
             WsClient aliceDefault = WsClient.open(server.wsUrl());
             WsClient secondP = WsClient.open(server.wsUrl())) {
            aliceDefault.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("alice") + "\"}}");
            assertThat(aliceDefault.nextLine()).startsWith("{\"id\":1,\"connect\":");
            String again = TokenMinterIT.mint(server, "token", p, "{\"userId\":\"alice\"}");
            secondP.send("{\"id\":1,\"connect\":{\"token\":\"" + again + "\"}}");
            assertThat(secondP.closeReason()).as("a second alice in P").isEqualTo("3504 connection limit");
            assertThat(aliceP.isOpen() && aliceQ.isOpen() && aliceDefault.isOpen()).isTrue();
        }
    }

    @Test
    void aSeparatorInTokenChannelsIsAnInvalidToken() {
        String crafted = ServerFixture.token(Map.of("sub", "mallory", "projectId", p.project().id(),
                "channels", List.of("\u001F" + q.project().id() + "\u001Fchat:x")));
        try (WsClient c = WsClient.open(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + crafted + "\"}}");
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
        HttpResponse<String> r = TokenMinterIT.post(server, "token", p,
                "{\"userId\":\"mallory\",\"channels\":[\"chat:ok\",\"\\u001F" + q.project().id() + "\\u001Fchat:x\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"invalid_field\"").contains("channels[1]: ");
    }
}
