package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A port that cannot be bound gives one clear error naming the address and port, and no leak; a
 * warm-up that fails is not reported as the port's failure.
 */
class ListenExceptionTest {

    private static NettyServer start(Node node, int port) throws InterruptedException {
        return NettyServer.start(node, NettyServer.Options.websocket("127.0.0.1", port, Set.of("/connection/websocket"), 1),
                List.of());
    }

    @Test
    void aPortInUseIsNamedAndMarked() throws Exception {
        Node node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).version("test").build();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(node, port))
                    .isInstanceOf(ListenException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": the port is already in use by another process")
                    .satisfies(e -> assertThat(((ListenException) e).inUse()).isTrue());
        }
        try (NettyServer ok = start(node, 0)) {
            assertThat(ok.port()).isPositive();
        }
    }

    @Test
    void anAddressThatIsNotLocalIsNotCalledInUse() throws Exception {
        Node node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).version("test").build();
        // TEST-NET-1 (RFC 5737): never an address of this machine.
        assertThatThrownBy(() -> NettyServer.start(node, NettyServer.Options.websocket("192.0.2.1", 0,
                Set.of("/connection/websocket"), 1), List.of()))
                .isInstanceOf(ListenException.class)
                .hasMessageStartingWith("cannot listen on 192.0.2.1:0: ")
                .satisfies(e -> assertThat(((ListenException) e).inUse()).isFalse());
    }

    @Test
    void aFailingWarmUpFailsTheStartAsItIsAndFreesThePort() throws Exception {
        Node node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).version("test").build();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        NettyServer.Options options = NettyServer.Options.websocket("127.0.0.1", port, Set.of("/connection/websocket"), 1);
        assertThatThrownBy(() -> NettyServer.start(node, options, List.of(), warm -> {
            throw new IllegalStateException("the database is not there");
        })).isExactlyInstanceOf(IllegalStateException.class).hasMessage("the database is not there");
        try (NettyServer again = NettyServer.start(node, options, List.of())) {
            assertThat(again.port()).isEqualTo(port);
        }
    }
}
