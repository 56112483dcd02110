package io.xshathra.engine.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.DiscardingSubscriber;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine reports publishes where they enter and deliveries once per publication with the subscriber count. */
class TenantUsageTest {

    /** Remembers every call, in order. */
    private static final class Recorded implements TenantUsage {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void published(String channelKey) {
            calls.add("published " + ChannelSpace.project(channelKey) + " " + ChannelSpace.channel(channelKey));
        }

        @Override
        public void delivered(String channelKey, int subscribers) {
            calls.add("delivered " + ChannelSpace.project(channelKey) + " " + ChannelSpace.channel(channelKey)
                    + " x" + subscribers);
        }
    }

    @Test
    void deliveriesAreReportedOncePerPublicationWithTheLocalSubscriberCount() {
        Recorded usage = new Recorded();
        Node node = EngineParts.builder(EngineConfig.defaults("secret", "key"), Clock.systemUTC())
                .tenants(TenantServices.NONE.withUsage(usage)).build();
        String key = ChannelSpace.key("proj_A", "news");
        node.hub().add(key, new DiscardingSubscriber());
        node.hub().add(key, new DiscardingSubscriber());
        node.hub().add(key, new DiscardingSubscriber());

        node.handlePublication(key, Publication.getDefaultInstance(), StreamPosition.NONE);
        node.handlePublication(ChannelSpace.key("proj_A", "empty"), Publication.getDefaultInstance(),
                StreamPosition.NONE);

        assertThat(usage.calls).containsExactly("delivered proj_A news x3", "delivered proj_A empty x0");
    }

    @Test
    void aServerApiPublishIsReportedWhereItEntersAndWhereItIsDelivered() {
        Recorded usage = new Recorded();
        Node node = EngineParts.builder(EngineConfig.defaults("secret", "key"), Clock.systemUTC())
                .tenants(TenantServices.NONE.withUsage(usage)).build();
        node.hub().add(ChannelSpace.key("proj_B", "room"), new DiscardingSubscriber());

        new ApiExecutor(node.api()).inProject("proj_B").execute(new ApiRequests.Publish("room",
                "{}".getBytes(StandardCharsets.UTF_8), false, Map.of(), null)).toCompletableFuture().join();

        assertThat(usage.calls).containsExactly("published proj_B room", "delivered proj_B room x1");
    }

    @Test
    void withoutProjectServicesNothingIsReported() {
        Node node = EngineParts.memory(EngineConfig.defaults("secret", "key"), Clock.systemUTC());
        assertThat(node.context().tenants().usage()).isSameAs(TenantUsage.NONE);
    }
}
