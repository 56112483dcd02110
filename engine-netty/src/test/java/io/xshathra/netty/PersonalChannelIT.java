package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.PersonalChannel;
import io.xshathra.testkit.WsClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code client.subscribe_to_user_personal_channel} over real WebSockets: the personal
 * subscription in the connect reply, publications through the server API, and
 * {@code single_connection} closing the older connection with 3504.
 */
class PersonalChannelIT {

    private static TestServer server() throws InterruptedException {
        return new TestServer(cfg -> {
            ChannelOptions.Builder personal = ChannelOptions.builder();
            personal.presence = true;
            Map<String, ChannelOptions> ns = new LinkedHashMap<>(cfg.channel().namespaces());
            ns.put("personal", personal.build());
            return cfg.withChannel(cfg.channel().withNamespaces(cfg.channel().withoutNamespace(), ns))
                    .withClient(cfg.client().withPersonalChannel(new PersonalChannel(true, "personal", true)));
        });
    }

    private static WsClient connect(TestServer server, String user) {
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(user) + "\"}}");
        assertThat(c.nextLineContaining("\"id\":1")).contains("\"subs\":{\"personal:#" + user + "\":{");
        return c;
    }

    @Test
    void personalSubscriptionAndSingleConnection() throws Exception {
        try (TestServer server = server(); WsClient first = connect(server, "ann")) {
            assertThat(server.api("publish", "{\"channel\":\"personal:#ann\",\"data\":{\"n\":1}}").statusCode())
                    .isEqualTo(200);
            assertThat(first.nextLineContaining("\"pub\"")).contains("\"channel\":\"personal:#ann\"")
                    .contains("{\"n\":1}");
            try (WsClient second = connect(server, "ann")) {
                assertThat(first.closeReason(Duration.ofSeconds(5))).startsWith("3504");
                server.api("publish", "{\"channel\":\"personal:#ann\",\"data\":{\"n\":2}}");
                assertThat(second.nextLineContaining("\"pub\"")).contains("{\"n\":2}");
            }
        }
    }
}
