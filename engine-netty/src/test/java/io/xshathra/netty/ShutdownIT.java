package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.WsClient;
import org.junit.jupiter.api.Test;

/** Draining: a node shutdown closes every client with 3001 "shutdown" (reconnect advised). */
class ShutdownIT {

    @Test
    void shutdownDisconnectsClientsWithReconnectCode() throws Exception {
        try (TestServer server = new TestServer();
             WsClient a = WsClient.manual(server.wsUrl());
             WsClient b = WsClient.manual(server.wsUrl(), "centrifuge-json")) {
            a.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("u1") + "\"}}");
            b.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("u2") + "\"}}");
            assertThat(a.next()).contains("\"connect\"");
            assertThat(b.next()).contains("\"connect\"");
            assertThat(server.node.numClients()).isEqualTo(2);
            server.node.shutdown();
            assertThat(a.closeReason()).isEqualTo("3001 shutdown");
            assertThat(b.closeReason()).isEqualTo("3001 shutdown");
        }
    }
}
