package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WsClientTest {

    @Test
    void byDefaultPingsAreAnsweredAndLeftOutOfTheLines() throws Exception {
        try (TinyWsServer server = new TinyWsServer(101, null); WsClient c = WsClient.open(server.url())) {
            server.awaitAccepted().sendText("{\"id\":1}\n{}\n{\"id\":2}");
            server.sendText("{}");
            server.sendText("{\"id\":3}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":1}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":2}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":3}");
            assertThat(server.readText()).as("a pong").isEqualTo("{}");
            assertThat(server.readText()).as("a pong").isEqualTo("{}");
            assertThat(c.pings).hasSize(2);
        }
    }

    @Test
    void aManualClientKeepsPingsAndSendsNoPong() throws Exception {
        try (TinyWsServer server = new TinyWsServer(101, null); WsClient c = WsClient.manual(server.url())) {
            server.awaitAccepted().sendText("{\"id\":1}\n{}");
            server.sendText("{}");
            assertThat(c.nextLine()).isEqualTo("{\"id\":1}");
            assertThat(c.nextLine()).isEqualTo("{}");
            assertThat(c.next()).as("whole messages and lines read one stream").isEqualTo("{}");
            c.send("{\"id\":2}");
            assertThat(server.readText()).as("no pong before the test's own message").isEqualTo("{\"id\":2}");
            assertThat(c.pings).hasSize(2);
        }
    }

    @Test
    void offersSubprotocolsAndHeadersAndSeesBinaryMessagesAndTheClose() throws Exception {
        try (TinyWsServer server = new TinyWsServer(101, "b");
             WsClient c = WsClient.open(server.url(), new WsClient.Options().subprotocols("a", "b").header("X-Test", "1"))) {
            server.awaitAccepted();
            assertThat(c.subprotocol()).isEqualTo("b");
            assertThat(server.requestHeaders).containsEntry("sec-websocket-protocol", "a, b").containsEntry("x-test", "1");
            server.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.nextBinary()).containsExactly(1, 2, 3);
            assertThat(c.isOpen()).isTrue();
            server.sendClose(3000, "bye");
            assertThat(c.closeReason()).isEqualTo("3000 bye");
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void nextLineContainingSkipsOthersAndAMissingLineFailsNamingIt() throws Exception {
        try (TinyWsServer server = new TinyWsServer(101, null); WsClient c = WsClient.open(server.url())) {
            server.awaitAccepted().sendText("{\"a\":1}\n{\"b\":2}");
            assertThat(c.nextLineContaining("\"b\"")).isEqualTo("{\"b\":2}");
            assertThat(c.pollLine(Duration.ofMillis(20))).isNull();
            assertThatThrownBy(() -> c.nextLine(Duration.ofMillis(20)))
                    .isInstanceOf(AssertionError.class).hasMessageStartingWith("not within 20 ms: a JSON message");
        }
    }

    @Test
    void aRefusedUpgradeFailsTheOpen() throws Exception {
        try (TinyWsServer server = new TinyWsServer(403, null)) {
            assertThatThrownBy(() -> WsClient.open(server.url())).isInstanceOf(CompletionException.class);
        }
    }
}
