package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelOptions.Permissions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceRequest;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publish / presence / history permission algorithms of spec 6.4:
 * {@code (for_client || (for_subscriber && subscribed)) && (user != "" || for_anonymous)}, or insecure.
 */
class ChannelPermissionTest {
    private static final String CHANNEL = "room:1";

    /** The command under test. */
    enum Kind {
        PUBLISH, PRESENCE, PRESENCE_STATS, HISTORY;

        Permissions permissions(boolean client, boolean subscriber, boolean anonymous) {
            // subscribing is always allowed so that "subscribed" can be set up
            return switch (this) {
                case PUBLISH -> new Permissions(true, true, client, subscriber, anonymous,
                        false, false, false, false, false, false);
                case PRESENCE, PRESENCE_STATS -> new Permissions(true, true, false, false, false,
                        client, subscriber, anonymous, false, false, false);
                case HISTORY -> new Permissions(true, true, false, false, false, false, false, false,
                        client, subscriber, anonymous);
            };
        }

        Command.Builder command() {
            Command.Builder c = Command.newBuilder();
            return switch (this) {
                case PUBLISH -> c.setPublish(PublishRequest.newBuilder().setChannel(CHANNEL)
                        .setData(ByteString.copyFromUtf8("{\"m\":1}")));
                case PRESENCE -> c.setPresence(PresenceRequest.newBuilder().setChannel(CHANNEL));
                case PRESENCE_STATS -> c.setPresenceStats(PresenceStatsRequest.newBuilder().setChannel(CHANNEL));
                case HISTORY -> c.setHistory(HistoryRequest.newBuilder().setChannel(CHANNEL).setLimit(10));
            };
        }

        boolean succeeded(Reply r) {
            return switch (this) {
                case PUBLISH -> r.hasPublish();
                case PRESENCE -> r.hasPresence();
                case PRESENCE_STATS -> r.hasPresenceStats();
                case HISTORY -> r.hasHistory();
            };
        }
    }

    private final List<TestEngine> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        for (TestEngine e : engines) {
            String violation = e.violations();
            e.close();
            assertThat(violation).as("transport contract").isNull();
        }
    }

    private static ChannelOptions room(Permissions p, boolean presence, boolean history) {
        return options(b -> {
            b.permissions = p;
            b.presence = presence;
            if (history) {
                b.historySize = 10;
                b.historyTtl = Duration.ofSeconds(300);
            }
        });
    }

    private TestEngine engine(ChannelOptions room, boolean insecure) {
        EngineConfig cfg = TestEngine.config(TestEngine.namespaces("room", room),
                c -> TestEngine.client(c, true, insecure, 300));
        TestEngine e = new TestEngine(cfg);
        engines.add(e);
        return e;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int flags = 0; flags < 8; flags++) {
                boolean client = (flags & 1) != 0;
                boolean subscriber = (flags & 2) != 0;
                boolean anonymous = (flags & 4) != 0;
                for (String user : List.of("42", "")) {
                    for (boolean subscribed : List.of(false, true)) {
                        boolean allowed = (client || (subscriber && subscribed)) && (!user.isEmpty() || anonymous);
                        out.add(Arguments.of(kind, client, subscriber, anonymous, user, subscribed, allowed));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} client={1} subscriber={2} anonymous={3} user=''{4}'' subscribed={5} -> {6}")
    @MethodSource("matrix")
    void permissionMatrix(Kind kind, boolean client, boolean subscriber, boolean anonymous, String user,
                          boolean subscribed, boolean allowed) {
        TestEngine e = engine(room(kind.permissions(client, subscriber, anonymous), true, true), false);
        TestClient c = e.connected(user);
        if (subscribed) {
            assertThat(c.subscribe(CHANNEL).hasError()).isFalse();
        }
        Reply r = c.call(kind.command());
        if (allowed) {
            assertThat(r.hasError()).as("error %s", r.getError()).isFalse();
            assertThat(kind.succeeded(r)).isTrue();
        } else {
            assertThat(r.getError().getCode()).isEqualTo(103);
            assertThat(r.getError().getMessage()).isEqualTo("permission denied");
        }
        assertThat(c.transport.closed).isNotDone();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void insecureAllowsEverythingWithoutPermissions(Kind kind) {
        TestEngine e = engine(room(Permissions.NONE, true, true), true);
        TestClient c = e.connected("");
        Reply r = c.call(kind.command());
        assertThat(kind.succeeded(r)).as("reply %s", r).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void unknownNamespaceIs102(Kind kind) {
        TestEngine e = engine(room(kind.permissions(true, true, true), true, true), false);
        TestClient c = e.connected("42");
        Command.Builder cmd = kind.command();
        switch (kind) {
            case PUBLISH -> cmd.getPublishBuilder().setChannel("nope:1");
            case PRESENCE -> cmd.getPresenceBuilder().setChannel("nope:1");
            case PRESENCE_STATS -> cmd.getPresenceStatsBuilder().setChannel("nope:1");
            case HISTORY -> cmd.getHistoryBuilder().setChannel("nope:1");
        }
        assertThat(c.call(cmd).getError().getCode()).isEqualTo(102);
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    @Nested
    class FeatureOff {
        @Test
        void presenceDisabledIs108EvenWhenPermitted() {
            TestEngine e = engine(room(Kind.PRESENCE.permissions(true, true, true), false, true), false);
            TestClient c = e.connected("42");
            assertThat(c.call(Kind.PRESENCE.command()).getError().getCode()).isEqualTo(108);
            assertThat(c.call(Kind.PRESENCE_STATS.command()).getError().getCode()).isEqualTo(108);
        }

        @Test
        void historyDisabledIs108EvenWhenPermitted() {
            TestEngine e = engine(room(Kind.HISTORY.permissions(true, true, true), true, false), false);
            TestClient c = e.connected("42");
            assertThat(c.call(Kind.HISTORY.command()).getError().getCode()).isEqualTo(108);
        }

        @Test
        void notAvailableOutranksPermissionDenied() {
            TestEngine e = engine(room(Permissions.NONE, false, false), false);
            TestClient c = e.connected("42");
            assertThat(c.call(Kind.PRESENCE.command()).getError().getCode()).isEqualTo(108);
            assertThat(c.call(Kind.HISTORY.command()).getError().getCode()).isEqualTo(108);
        }
    }

    @Nested
    class Outcomes {
        @Test
        void subscribedPublisherReceivesItsOwnPublicationWithInfo() {
            TestEngine e = engine(room(Kind.PUBLISH.permissions(false, true, false), false, true), false);
            TestClient c = e.connected("42");
            c.subscribe(CHANNEL);
            Reply r = c.call(Kind.PUBLISH.command());
            assertThat(r.hasPublish()).isTrue();
            var pub = c.push().getPub();
            assertThat(pub.getData().toStringUtf8()).isEqualTo("{\"m\":1}");
            assertThat(pub.getInfo().getUser()).isEqualTo("42");
            assertThat(pub.getInfo().getClient()).isEqualTo(c.session.id());
            assertThat(pub.getOffset()).isEqualTo(1);
        }

        @Test
        void presenceListsSubscribersAndStatsCountAnonymousAsOneUser() {
            TestEngine e = engine(room(Kind.PRESENCE.permissions(true, false, true), true, false), false);
            TestClient a = e.connected("");
            TestClient b = e.connected("");
            TestClient u = e.connected("42");
            for (TestClient c : List.of(a, b, u)) {
                c.subscribe(CHANNEL);
            }
            Reply presence = u.call(Kind.PRESENCE.command());
            assertThat(presence.getPresence().getPresenceMap())
                    .containsOnlyKeys(a.session.id(), b.session.id(), u.session.id());
            assertThat(presence.getPresence().getPresenceMap().get(u.session.id()).getUser()).isEqualTo("42");
            Reply stats = a.call(Kind.PRESENCE_STATS.command());
            assertThat(stats.getPresenceStats().getNumClients()).isEqualTo(3);
            assertThat(stats.getPresenceStats().getNumUsers()).isEqualTo(2);

            u.call(Command.newBuilder().setUnsubscribe(
                    io.xshathra.protocol.proto.UnsubscribeRequest.newBuilder().setChannel(CHANNEL)));
            assertThat(a.call(Kind.PRESENCE_STATS.command()).getPresenceStats().getNumUsers()).isEqualTo(1);
        }
    }
}
