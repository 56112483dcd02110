package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How shared-poll subscribe requests (type 4) are told apart from the others, before any other
 * check, as in Centrifugo v6.9.1. Serving them is not implemented yet: they are not available.
 */
class SharedPollSubscribeTest {
    private TestEngine engine;

    @BeforeEach
    void start() {
        SharedPollOptions poll = new SharedPollOptions(SharedPollOptions.Mode.VERSIONED, "default",
                Duration.ofMillis(200), 100, 100, Duration.ZERO, Duration.ZERO, false);
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
                "poll", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.subscriptionType = SubscriptionType.SHARED_POLL;
                    b.sharedPoll = poll;
                }),
                "plain", options(b -> b.permissions = TestEngine.subscribeOnly())),
                c -> TestEngine.client(c, false, false, 300)));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    @Test
    void typeFourOnAChannelThatIsNotSharedPollIsNotAvailable() {
        TestClient c = engine.connected("1");
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("plain:a").setType(4)).getError().getCode())
                .isEqualTo(108);
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("nowhere:a").setType(4)).getError().getCode())
                .as("unknown namespace").isEqualTo(108);
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("plain:a")).hasError()).isFalse();
    }

    @Test
    void aSharedPollChannelTakesNoOtherType() {
        TestClient c = engine.connected("1");
        Reply stream = c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:a"));
        assertThat(stream.getError().getCode()).isEqualTo(107);
        Reply map = c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:a").setType(1));
        assertThat(map.getError().getCode()).isEqualTo(107);
    }

    @Test
    void sharedPollSubscribingIsNotServedYet() {
        TestClient c = engine.connected("1");
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("poll:a").setType(4)).getError().getCode())
                .isEqualTo(108);
    }
}
