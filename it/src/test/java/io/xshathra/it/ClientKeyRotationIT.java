package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.RotatedClientKey;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.MutableClock;
import io.xshathra.testkit.WsClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client key rotation on the real server, with the control plane's clock moved by hand: during
 * the grace period both the old and the new public client key connect; when it ends the old one
 * is refused at connect, while a connection it made earlier stays open.
 */
class ClientKeyRotationIT {
    private final MutableClock clock = new MutableClock(Instant.now());
    private ServerFixture server;
    private ControlPlaneStore store;
    private String owner;

    @BeforeEach
    void start() {
        server = ServerFixture.builder().controlPlaneClock(clock).start();
        store = server.launcher().store();
        owner = store.accounts().createUser("owner@example.com", "a-long-password-1").toCompletableFuture().join().id();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WsClient connect(String clientKey) {
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"data\":{\"clientApiKey\":\"" + clientKey + "\"}}}");
        return c;
    }

    private String outcome(String clientKey) {
        try (WsClient c = connect(clientKey)) {
            String reply = c.pollLine(Duration.ofSeconds(5));
            return reply != null ? reply : "closed " + c.closeReason(Duration.ofSeconds(5));
        }
    }

    @Test
    void theOldKeyConnectsDuringTheGracePeriodAndIsRefusedAfterIt() {
        CreatedProject p = store.projects().create(owner, "apps").toCompletableFuture().join();
        assertThat(outcome(p.clientApiKey())).startsWith("{\"id\":1,\"connect\":");

        RotatedClientKey rotated = store.projects().rotateClientKey(p.project().id(), Duration.ofMinutes(10))
                .toCompletableFuture().join();
        String fresh = rotated.project().clientApiKey();
        assertThat(outcome(fresh)).startsWith("{\"id\":1,\"connect\":");
        WsClient madeDuringGrace = connect(p.clientApiKey());
        try {
            assertThat(madeDuringGrace.nextLine()).as("the old key during the grace period").startsWith("{\"id\":1,\"connect\":");

            clock.advance(Duration.ofMinutes(10).minusSeconds(1));
            assertThat(outcome(p.clientApiKey())).as("one second before the end").startsWith("{\"id\":1,\"connect\":");
            clock.advance(Duration.ofSeconds(1));
            assertThat(outcome(p.clientApiKey())).as("the grace period is over").isEqualTo("closed 3500 invalid token");
            assertThat(outcome(fresh)).startsWith("{\"id\":1,\"connect\":");
            assertThat(madeDuringGrace.isOpen()).as("a connection made during the grace period stays").isTrue();
        } finally {
            madeDuringGrace.close();
        }
    }

    @Test
    void withoutGraceTheOldKeyIsRefusedAtOnce() {
        CreatedProject p = store.projects().create(owner, "at once").toCompletableFuture().join();
        assertThat(outcome(p.clientApiKey())).startsWith("{\"id\":1,\"connect\":");
        RotatedClientKey rotated = store.projects().rotateClientKey(p.project().id(), Duration.ZERO)
                .toCompletableFuture().join();
        assertThat(outcome(p.clientApiKey())).isEqualTo("closed 3500 invalid token");
        assertThat(outcome(rotated.project().clientApiKey())).startsWith("{\"id\":1,\"connect\":");
    }
}
