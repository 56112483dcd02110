package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.server.warmup.StartupWarmup;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up drives every step it claims to (health, JSON and Protobuf sessions with a
 * publication delivered, history, presence) against a real server: a round counts only when each
 * reply arrived. Without tokens it opens no session (so no proxy is ever asked).
 */
class StartupWarmupIT {

    @Test
    void everyStepOfARoundIsAnsweredByARealServer() {
        try (ServerFixture server = ServerFixture.start()) {
            String channel = "warmup-check";
            StartupWarmup warmup = new StartupWarmup(new StartupWarmup.Plan("/realtime/health",
                    "/realtime/connection/websocket", "/realtime/api", ServerFixture.API_KEY,
                    ServerFixture.token("warm"), ServerFixture.subToken("warm", channel, 300), channel, 3, 10_000, 0));
            assertThat(warmup.run(server.port())).isEqualTo(3);
        }
    }

    @Test
    void aRefusedStepEndsTheWarmUpWithoutFailingIt() {
        try (ServerFixture server = ServerFixture.start()) {
            StartupWarmup warmup = new StartupWarmup(new StartupWarmup.Plan("/realtime/health",
                    "/realtime/connection/websocket", "/realtime/api", ServerFixture.API_KEY,
                    "not-a-token", "not-a-token", "warmup-check", 3, 10_000, 0));
            assertThat(warmup.run(server.port())).as("connect refused: no round completes").isZero();
        }
    }
}
