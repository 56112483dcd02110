package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code client.connection_limit} and {@code client.connection_rate_limit}: a connection over the
 * node's limit, or beyond the rate, is refused with HTTP 503 before the WebSocket upgrade.
 */
class ConnectionLimitsIT {

    private static WsClient connected(TestServer server, String user) {
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(user) + "\"}}");
        assertThat(c.nextLineContaining("\"id\":1")).contains("\"connect\":");
        return c;
    }

    private static int refusedStatus(TestServer server) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> WsClient.open(server.wsUrl()).close());
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) t.getCause()).getResponse().statusCode();
    }

    @Test
    void overTheNodeLimitTheUpgradeIsRefusedWith503UntilAConnectionLeaves() throws Exception {
        try (TestServer server = new TestServer(cfg -> cfg.withClient(cfg.client().withConnectionLimits(2, 0)))) {
            WsClient a = connected(server, "a");
            WsClient b = connected(server, "b");
            assertThat(refusedStatus(server)).isEqualTo(503);
            a.close();
            Await.until(() -> server.node.numClients() == 1, "the closed connection to leave");
            try (WsClient c = connected(server, "c")) {
                assertThat(server.node.numClients()).isEqualTo(2);
            }
            b.close();
        }
    }

    @Test
    void beyondTheRateTheUpgradeIsRefusedWith503() throws Exception {
        try (TestServer server = new TestServer(cfg -> cfg.withClient(cfg.client().withConnectionLimits(0, 2)))) {
            // The bucket holds two and refills one per second: within a second, the third of
            // three attempts is refused (one refill at most, so five attempts see a refusal).
            int refused = 0;
            for (int i = 0; i < 5 && refused == 0; i++) {
                try {
                    WsClient.open(server.wsUrl()).close();
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                    assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(503);
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(1);
        }
    }

    @Test
    void withoutLimitsNothingIsRefused() throws Exception {
        try (TestServer server = new TestServer()) {
            for (int i = 0; i < 5; i++) {
                connected(server, "u" + i).close();
            }
            Await.until(() -> server.node.numClients() == 0, "the closed connections to leave");
        }
    }
}
