package io.xshathra.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.centrifugal.centrifuge.ClientInfo;
import io.github.centrifugal.centrifuge.ClientState;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.HistoryOptions;
import io.github.centrifugal.centrifuge.HistoryResult;
import io.github.centrifugal.centrifuge.PresenceResult;
import io.github.centrifugal.centrifuge.PresenceStatsResult;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.PublishResult;
import io.github.centrifugal.centrifuge.ReplyError;
import io.github.centrifugal.centrifuge.ServerPublicationEvent;
import io.github.centrifugal.centrifuge.ServerSubscribedEvent;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java SDK (Protobuf over WebSocket) against the real server. */
class CentrifugeJavaIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static ServerFixture server;

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A channel name no other test uses. */
    private static String channel(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    @Test
    void connectsWithTokenAndGetsClientId() throws Exception {
        try (JavaClient c = new JavaClient(server.wsUrl(), ServerFixture.token("u-connect"))) {
            c.client.connect();
            ConnectedEvent e = Await.take(c.connected, "connected");
            assertThat(e.getClient()).matches("[0-9a-f-]{36}");
            assertThat(c.client.getState()).isEqualTo(ClientState.CONNECTED);
            assertThat(c.errors).isEmpty();
        }
    }

    @Test
    void receivesPublicationsPublishedThroughTheApi() throws Exception {
        String ch = channel("chat:api");
        try (JavaClient c = JavaClient.connected(server, "u-api")) {
            JavaClient.Sub s = c.subscribed(ch);
            server.publish(ch, "{\"text\":\"hi\"}");
            PublicationEvent json = Await.take(s.publications, "JSON publication");
            assertThat(new String(json.getData(), UTF_8)).isEqualTo("{\"text\":\"hi\"}");
            assertThat(json.getOffset()).isEqualTo(1);

            byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80, 10, 13};
            server.publishBinary(ch, binary);
            PublicationEvent bin = Await.take(s.publications, "binary publication");
            assertThat(bin.getData()).isEqualTo(binary);
            assertThat(bin.getOffset()).isEqualTo(2);
        }
    }

    @Test
    void hundredPublicationsArriveInOrderWithoutLoss() throws Exception {
        String ch = channel("feed:many");
        try (JavaClient c = JavaClient.connected(server, "u-many")) {
            JavaClient.Sub s = c.subscribed(ch);
            for (int i = 1; i <= 100; i++) {
                server.publish(ch, "{\"n\":" + i + "}");
            }
            for (int i = 1; i <= 100; i++) {
                PublicationEvent p = Await.take(s.publications, "publication " + i);
                assertThat(new String(p.getData(), UTF_8)).isEqualTo("{\"n\":" + i + "}");
                assertThat(p.getOffset()).isEqualTo(i);
            }
            assertThat(s.publications).isEmpty();
        }
    }

    @Test
    void recoversPublicationsMissedWhileDisconnected() throws Exception {
        String ch = channel("chat:recover");
        try (JavaClient c = JavaClient.connected(server, "u-recover")) {
            JavaClient.Sub s = c.subscribed(ch);
            server.publish(ch, "{\"n\":1}");
            assertThat(Await.take(s.publications, "live publication").getOffset()).isEqualTo(1);

            c.client.disconnect();
            Await.take(c.disconnected, "disconnected");
            Await.until(Await.SHORT, () -> server.numClients(ch) == 0, "the server to forget the client");
            for (int i = 2; i <= 4; i++) {
                server.publish(ch, "{\"n\":" + i + "}");
            }

            c.client.connect();
            Await.take(c.connected, "reconnected");
            SubscribedEvent again = Await.take(s.subscribed, "resubscribed");
            assertThat(again.wasRecovering()).isTrue();
            assertThat(again.getRecovered()).isTrue();
            for (int i = 2; i <= 4; i++) {
                PublicationEvent p = Await.take(s.publications, "recovered publication " + i);
                assertThat(p.getOffset()).isEqualTo(i);
                assertThat(new String(p.getData(), UTF_8)).isEqualTo("{\"n\":" + i + "}");
            }
            server.publish(ch, "{\"n\":5}");
            assertThat(Await.take(s.publications, "live publication after recovery").getOffset()).isEqualTo(5);
        }
    }

    @Test
    void serverSideSubscriptionFromTokenChannels() throws Exception {
        String ch = channel("chat:srv");
        String token = ServerFixture.token(Map.of("sub", "u-srv", "channels", List.of(ch)));
        try (JavaClient c = new JavaClient(server.wsUrl(), token)) {
            c.client.connect();
            Await.take(c.connected, "connected");
            ServerSubscribedEvent sub = Await.take(c.serverSubscribed, "server-side subscribed");
            assertThat(sub.getChannel()).isEqualTo(ch);
            assertThat(sub.getRecoverable()).isTrue();
            assertThat(sub.getPositioned()).isTrue();

            server.publish(ch, "{\"srv\":true}");
            ServerPublicationEvent p = Await.take(c.serverPublications, "server-side publication");
            assertThat(p.getChannel()).isEqualTo(ch);
            assertThat(new String(p.getData(), UTF_8)).isEqualTo("{\"srv\":true}");
            assertThat(p.getOffset()).isEqualTo(1);
        }
    }

    @Test
    void presencePresenceStatsAndHistoryFromTheClient() throws Throwable {
        String ch = channel("chat:presence");
        try (JavaClient c = JavaClient.connected(server, "u-presence")) {
            String clientId = c.clientId;
            c.subscribed(ch);
            for (int i = 1; i <= 3; i++) {
                server.publish(ch, "{\"h\":" + i + "}");
            }

            PresenceResult presence = Await.get(JavaClient.call(cb -> c.client.presence(ch, cb)), "presence");
            assertThat(presence.getClients()).containsOnlyKeys(clientId);
            ClientInfo me = presence.getClients().get(clientId);
            assertThat(me.getUser()).isEqualTo("u-presence");
            assertThat(me.getClient()).isEqualTo(clientId);

            PresenceStatsResult stats = Await.get(JavaClient.call(cb -> c.client.presenceStats(ch, cb)), "stats");
            assertThat(stats.getNumClients()).isEqualTo(1);
            assertThat(stats.getNumUsers()).isEqualTo(1);

            HistoryResult history = Await.get(JavaClient.call(
                    cb -> c.client.history(ch, new HistoryOptions.Builder().withLimit(10).build(), cb)), "history");
            assertThat(history.getOffset()).isEqualTo(3);
            assertThat(history.getEpoch()).isNotEmpty();
            assertThat(history.getPublications()).extracting(p -> new String(p.getData(), UTF_8))
                    .containsExactly("{\"h\":1}", "{\"h\":2}", "{\"h\":3}");
            assertThat(history.getPublications()).extracting(p -> p.getOffset()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void publishIsDeniedWhereNotAllowed() throws Throwable {
        String feed = channel("feed:ro");
        String chat = channel("chat:rw");
        try (JavaClient c = JavaClient.connected(server, "u-publish")) {
            c.subscribed(feed);
            Throwable denied = catchThrowable(() -> Await.get(JavaClient.<PublishResult>call(
                    cb -> c.client.publish(feed, "{}".getBytes(UTF_8), cb)), "publish to feed"));
            assertThat(denied).isInstanceOf(ReplyError.class);
            assertThat(((ReplyError) denied).getCode()).isEqualTo(103);

            // chat allows publishing for subscribers only.
            Throwable notSubscribed = catchThrowable(() -> Await.get(JavaClient.<PublishResult>call(
                    cb -> c.client.publish(chat, "{}".getBytes(UTF_8), cb)), "publish to chat"));
            assertThat(((ReplyError) notSubscribed).getCode()).isEqualTo(103);

            JavaClient.Sub s = c.subscribed(chat);
            Await.get(JavaClient.<PublishResult>call(cb -> s.subscription.publish("{\"ok\":1}".getBytes(UTF_8), cb)),
                    "publish as a subscriber");
            PublicationEvent own = Await.take(s.publications, "own publication");
            assertThat(new String(own.getData(), UTF_8)).isEqualTo("{\"ok\":1}");
            assertThat(own.getInfo().getUser()).isEqualTo("u-publish");
        }
    }

    @Test
    void badTokenDisconnectsWith3500AndDoesNotReconnect() throws Exception {
        String forged = new HmacTokenSigner("not-the-secret").sign(Map.of("sub", "u-bad"));
        try (JavaClient c = new JavaClient(server.wsUrl(), forged)) {
            c.client.connect();
            DisconnectedEvent e = Await.take(c.disconnected, "disconnected");
            assertThat(e.getCode()).isEqualTo(3500);
            assertThat(e.getReason()).isEqualTo("invalid token");
            assertThat(c.client.getState()).isEqualTo(ClientState.DISCONNECTED);
            assertThat(c.connected).isEmpty();
        }
    }

    @Test
    void apiDisconnectWithCustomTerminalCode() throws Exception {
        try (JavaClient c = JavaClient.connected(server, "u-kick")) {
            server.apiOk("disconnect", "{\"user\":\"u-kick\",\"disconnect\":{\"code\":4501,\"reason\":\"go away\"}}");
            DisconnectedEvent e = Await.take(c.disconnected, "disconnected");
            assertThat(e.getCode()).isEqualTo(4501);
            assertThat(e.getReason()).isEqualTo("go away");
            assertThat(c.client.getState()).isEqualTo(ClientState.DISCONNECTED);
        }
    }

    @Test
    void apiDisconnectWithReconnectCodeMakesTheClientReconnect() throws Exception {
        try (JavaClient c = JavaClient.connected(server, "u-bounce")) {
            c.connecting.clear();
            server.apiOk("disconnect", "{\"user\":\"u-bounce\",\"disconnect\":{\"code\":4000,\"reason\":\"come back\"}}");
            ConnectingEvent e = Await.take(c.connecting, "connecting after the disconnect");
            assertThat(e.getCode()).isEqualTo(4000);
            assertThat(e.getReason()).isEqualTo("come back");
            Await.take(c.connected, Duration.ofSeconds(5), "reconnected");
            assertThat(c.disconnected).isEmpty();
        }
    }

    @Test
    void tooManyMissedPublicationsAreNotRecovered() throws Exception {
        String ch = channel("chat:gap");
        try (JavaClient c = JavaClient.connected(server, "u-gap")) {
            JavaClient.Sub s = c.subscribed(ch);
            server.publish(ch, "{\"n\":1}");
            Await.take(s.publications, "live publication");
            c.client.disconnect();
            Await.take(c.disconnected, "disconnected");
            Await.until(Await.SHORT, () -> server.numClients(ch) == 0, "the server to forget the client");
            for (int i = 2; i <= 16; i++) { // 15 missed, history keeps 10
                server.publish(ch, "{\"n\":" + i + "}");
            }
            c.client.connect();
            SubscribedEvent again = Await.take(s.subscribed, "resubscribed");
            assertThat(again.wasRecovering()).isTrue();
            assertThat(again.getRecovered()).isFalse();
            server.publish(ch, "{\"n\":17}");
            PublicationEvent next = Await.take(s.publications, "live publication after the gap");
            assertThat(next.getOffset()).isEqualTo(17);
        }
    }

    @Test
    void serverSideSubscriptionRecoversOnReconnect() throws Exception {
        String ch = channel("chat:srv-recover");
        String token = ServerFixture.token(Map.of("sub", "u-srv-recover", "channels", List.of(ch)));
        try (JavaClient c = new JavaClient(server.wsUrl(), token)) {
            c.client.connect();
            Await.take(c.serverSubscribed, "server-side subscribed");
            server.publish(ch, "{\"n\":1}");
            assertThat(Await.take(c.serverPublications, "live publication").getOffset()).isEqualTo(1);

            c.client.disconnect();
            Await.take(c.disconnected, "disconnected");
            Await.until(Await.SHORT, () -> server.numClients(ch) == 0, "the server to forget the client");
            server.publish(ch, "{\"n\":2}");
            server.publish(ch, "{\"n\":3}");

            c.client.connect();
            ServerSubscribedEvent again = Await.take(c.serverSubscribed, "server-side resubscribed");
            assertThat(again.wasRecovering()).isTrue();
            assertThat(again.getRecovered()).isTrue();
            for (int i = 2; i <= 3; i++) {
                ServerPublicationEvent p = Await.take(c.serverPublications, "recovered publication " + i);
                assertThat(p.getOffset()).isEqualTo(i);
                assertThat(new String(p.getData(), UTF_8)).isEqualTo("{\"n\":" + i + "}");
            }
        }
    }

    @Test
    void apiSubscribeAndUnsubscribeReachTheClient() throws Exception {
        String ch = channel("feed:dynamic");
        try (JavaClient c = JavaClient.connected(server, "u-dynamic")) {
            server.apiOk("subscribe", "{\"user\":\"u-dynamic\",\"channel\":\"" + ch + "\"}");
            ServerSubscribedEvent sub = Await.take(c.serverSubscribed, "server-side subscribe push");
            assertThat(sub.getChannel()).isEqualTo(ch);
            server.publish(ch, "{\"d\":1}");
            assertThat(Await.take(c.serverPublications, "publication").getChannel()).isEqualTo(ch);

            server.apiOk("unsubscribe", "{\"user\":\"u-dynamic\",\"channel\":\"" + ch + "\"}");
            assertThat(Await.take(c.serverUnsubscribed, "server-side unsubscribe push").getChannel()).isEqualTo(ch);
            assertThat(c.client.getState()).isEqualTo(ClientState.CONNECTED);
        }
    }

    @Test
    void joinAndLeaveOfAnotherClient() throws Exception {
        String ch = channel("chat:join");
        try (JavaClient a = JavaClient.connected(server, "u-join-a")) {
            JavaClient.Sub s = a.subscribed(ch);
            assertThat(Await.take(s.joins, "own join").getInfo().getUser()).isEqualTo("u-join-a");
            String bClient;
            try (JavaClient b = JavaClient.connected(server, "u-join-b")) {
                bClient = b.clientId;
                b.subscribed(ch);
                ClientInfo joined = Await.take(s.joins, "join of b").getInfo();
                assertThat(joined.getUser()).isEqualTo("u-join-b");
                assertThat(joined.getClient()).isEqualTo(bClient);
            }
            ClientInfo left = Await.take(s.leaves, "leave of b").getInfo();
            assertThat(left.getUser()).isEqualTo("u-join-b");
            assertThat(left.getClient()).isEqualTo(bClient);
        }
    }
}
