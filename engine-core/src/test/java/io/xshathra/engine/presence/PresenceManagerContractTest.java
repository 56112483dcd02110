package io.xshathra.engine.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link PresenceManager} contract (spec 8), run against every implementation. */
public abstract class PresenceManagerContractTest {
    private static final AtomicInteger CHANNELS = new AtomicInteger();

    protected PresenceManager presence;
    protected String ch;

    protected abstract PresenceManager newPresenceManager();

    @BeforeEach
    void setUpPresence() {
        presence = newPresenceManager();
        ch = "presence:" + CHANNELS.incrementAndGet();
    }

    @AfterEach
    void tearDownPresence() {
        presence.close();
    }

    protected static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    protected static ClientInfo info(String user, String client) {
        return ClientInfo.newBuilder().setUser(user).setClient(client).build();
    }

    @Test
    void emptyChannelHasNoEntries() {
        assertThat(join(presence.presence(ch))).isEmpty();
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void addedEntriesAreListedByClientId() {
        ClientInfo a = info("1", "c1");
        ClientInfo b = ClientInfo.newBuilder(info("2", "c2"))
                .setConnInfo(ByteString.copyFromUtf8("{\"name\":\"Bob\"}"))
                .setChanInfo(ByteString.copyFromUtf8("{\"role\":\"x\"}")).build();
        join(presence.add(ch, "c1", a));
        join(presence.add(ch, "c2", b));
        assertThat(join(presence.presence(ch))).isEqualTo(Map.of("c1", a, "c2", b));
    }

    @Test
    void addingAnExistingClientReplacesItsInfo() {
        join(presence.add(ch, "c1", info("1", "c1")));
        ClientInfo updated = ClientInfo.newBuilder(info("1", "c1"))
                .setChanInfo(ByteString.copyFromUtf8("{\"v\":2}")).build();
        join(presence.add(ch, "c1", updated));
        assertThat(join(presence.presence(ch))).isEqualTo(Map.of("c1", updated));
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(1, 1));
    }

    @Test
    void removeDropsOnlyThatClient() {
        join(presence.add(ch, "c1", info("1", "c1")));
        join(presence.add(ch, "c2", info("2", "c2")));
        join(presence.remove(ch, "c1"));
        assertThat(join(presence.presence(ch))).containsOnlyKeys("c2");
        join(presence.remove(ch, "c2"));
        assertThat(join(presence.presence(ch))).isEmpty();
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void removingAnUnknownClientIsHarmless() {
        join(presence.remove(ch, "nobody"));
        join(presence.add(ch, "c1", info("1", "c1")));
        join(presence.remove(ch, "nobody"));
        assertThat(join(presence.presence(ch))).containsOnlyKeys("c1");
    }

    @Test
    void channelsAreIndependent() {
        join(presence.add(ch, "c1", info("1", "c1")));
        join(presence.add(ch + ":other", "c2", info("2", "c2")));
        assertThat(join(presence.presence(ch))).containsOnlyKeys("c1");
        join(presence.remove(ch + ":other", "c1"));
        assertThat(join(presence.presence(ch))).containsOnlyKeys("c1");
    }

    @Test
    void statsCountClientsAndDistinctUsers() {
        join(presence.add(ch, "c1", info("1", "c1")));
        join(presence.add(ch, "c2", info("1", "c2")));
        join(presence.add(ch, "c3", info("2", "c3")));
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(3, 2));
    }

    @Test
    void anonymousConnectionsCountAsOneUser() {
        join(presence.add(ch, "a1", info("", "a1")));
        join(presence.add(ch, "a2", info("", "a2")));
        join(presence.add(ch, "a3", info("", "a3")));
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(3, 1));
        join(presence.add(ch, "c1", info("1", "c1")));
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(4, 2));
    }
}
