package io.xshathra.engine.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Publications are counted per project as the node delivers them, each project apart. */
class TenantStatsTest {

    @Test
    void deliveriesAreCountedPerProject() {
        Node node = EngineParts.memory(EngineConfig.defaults("secret", "key"), Clock.systemUTC());
        Publication pub = Publication.getDefaultInstance();
        node.handlePublication(ChannelSpace.key("proj_A", "news"), pub, StreamPosition.NONE);
        node.handlePublication(ChannelSpace.key("proj_A", "other"), pub, StreamPosition.NONE);
        node.handlePublication(ChannelSpace.key("proj_B", "news"), pub, StreamPosition.NONE);
        node.handlePublication("news", pub, StreamPosition.NONE);

        assertThat(node.projectStats("proj_A").publications()).isEqualTo(2);
        assertThat(node.projectStats("proj_B").publications()).isEqualTo(1);
        assertThat(node.projectStats("").publications()).isEqualTo(1);
        assertThat(node.projectStats("proj_C")).isEqualTo(new TenantStats.ProjectStats(0, 0, 0, 0));
        assertThat(node.metrics().publications()).isEqualTo(4);
    }
}
