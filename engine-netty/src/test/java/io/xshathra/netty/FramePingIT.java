package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ClientConfig;
import io.xshathra.testkit.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code cf_ws_frame_ping_pong=true}: WebSocket Ping frames replace protocol pings (for tools
 * such as wscat); the connect reply then advertises no ping, and answered Ping frames keep the
 * connection open past several ping intervals.
 */
class FramePingIT {

    private static TestServer fastPings() throws InterruptedException {
        return new TestServer(cfg -> {
            ClientConfig c = cfg.client();
            return cfg.withClient(new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(),
                    c.allowAnonymousConnectWithoutToken(), c.disallowAnonymousConnectionTokens(), c.insecure(),
                    Duration.ofMillis(600), Duration.ofMillis(400), c.expiredCloseDelay(), c.expiredSubCloseDelay(),
                    c.staleCloseDelay(), c.channelLimit(), c.queueMaxSize(), c.presenceUpdateInterval(),
                    c.userConnectionLimit(), c.connectionLimit(), c.historyMaxPublicationLimit(),
                    c.recoveryMaxPublicationLimit(), c.channelPositionCheckDelay(), c.connectIncludeServerTime()));
        });
    }

    @Test
    void framePingsReplaceProtocolPings() throws Exception {
        try (TestServer server = fastPings();
             WsClient c = WsClient.manual(server.wsUrl() + "?cf_ws_frame_ping_pong=true")) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("u") + "\"}}");
            String reply = c.next();
            assertThat(reply).startsWith("{\"id\":1,\"connect\":").doesNotContain("\"ping\"").doesNotContain("\"pong\"");
            // The JDK client answers Ping frames itself; five intervals later the connection is still up
            // and no protocol ping ({}) was sent.
            long deadline = System.nanoTime() + Duration.ofMillis(3000).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(c.closed).isNotDone();
                assertThat(c.texts.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
            }
            assertThat(server.node.numClients()).isEqualTo(1);
        }
    }

    @Test
    void protocolPingsWithoutTheParameter() throws Exception {
        try (TestServer server = fastPings(); WsClient c = WsClient.manual(server.wsUrl())) {
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token("u") + "\"}}");
            assertThat(c.next()).startsWith("{\"id\":1,\"connect\":");
            assertThat(c.next()).as("a protocol ping").isEqualTo("{}");
        }
    }
}
