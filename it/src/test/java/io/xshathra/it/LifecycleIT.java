package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.ProtoFrames;
import io.xshathra.testkit.RawSocketWs;
import io.xshathra.testkit.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection lifecycle over JSON WebSocket: server pings and pongs, the stale timer, the origin
 * check, per-user and per-connection limits, private channels and the slow-consumer guard. Two
 * servers: one with 2 s pings (pong timeout 1 s), one with small limits.
 */
class LifecycleIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Publications for the slow-consumer test: big, so that few fill the buffers. */
    private static final int FLOOD_SIZE = 100 * 1024;
    private static final int FLOOD_MAX = 300;
    private static final int QUEUE_MAX = 256 * 1024;

    private static ServerFixture pings;
    private static ServerFixture limits;

    @BeforeAll
    static void start() {
        pings = ServerFixture.builder().client("ping_interval", "2s").client("pong_timeout", "1s").start();
        limits = ServerFixture.builder()
                .client("allowed_origins", List.of("https://good.example"))
                .client("stale_close_delay", "1s")
                .client("user_connection_limit", 1)
                .client("channel_limit", 2)
                .client("queue_max_size", QUEUE_MAX)
                .start();
    }

    @AfterAll
    static void stop() {
        if (pings != null) {
            pings.close();
        }
        if (limits != null) {
            limits.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    private static String connectCommand(String token) {
        return "{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}";
    }

    /** A JSON client whose connect succeeded. */
    private static WsClient connected(ServerFixture server, String user, WsClient.Options options) {
        WsClient c = WsClient.open(server.wsUrl(), options);
        c.send(connectCommand(ServerFixture.token(user)));
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
        return c;
    }

    private static WsClient connected(ServerFixture server, String user) {
        return connected(server, user, new WsClient.Options());
    }

    private static String subscribe(int id, String channel) {
        return "{\"id\":" + id + ",\"subscribe\":{\"channel\":" + ServerFixture.quote(channel) + "}}";
    }

    private static String subscribe(int id, String channel, String token) {
        return "{\"id\":" + id + ",\"subscribe\":{\"channel\":" + ServerFixture.quote(channel)
                + ",\"token\":\"" + token + "\"}}";
    }

    /** The connection still answers commands. */
    private static void assertAlive(WsClient c, int id) {
        c.send("{\"id\":" + id + ",\"unsubscribe\":{\"channel\":\"chat:never\"}}");
        assertThat(c.nextLineContaining("\"id\":" + id + ",")).isEqualTo("{\"id\":" + id + ",\"unsubscribe\":{}}");
    }

    // ---- ping / pong (2 s interval, 1 s pong timeout) ----

    @Test
    void serverPingsWithinTheIntervalAndAnsweredPingsKeepTheConnection() {
        long connectedAt = System.nanoTime();
        try (WsClient c = connected(pings, "ping-ok")) {
            long first = Await.take(c.pings, Duration.ofSeconds(4), "first ping");
            // The first ping comes after a random delay in [interval/2, interval).
            assertThat(TimeUnit.NANOSECONDS.toMillis(first - connectedAt)).isBetween(900L, 3000L);
            // The second ping comes 2 s later, after the 1 s pong deadline of the first: the pong counted.
            long second = Await.take(c.pings, Duration.ofSeconds(4), "second ping");
            assertThat(TimeUnit.NANOSECONDS.toMillis(second - first)).isBetween(1500L, 3000L);
            assertThat(c.isOpen()).isTrue();
            assertAlive(c, 2);
        }
    }

    @Test
    void unansweredPingClosesWithNoPong() {
        try (WsClient c = connected(pings, "ping-mute", new WsClient.Options().noPong())) {
            long ping = Await.take(c.pings, Duration.ofSeconds(4), "ping");
            assertThat(c.closeReason(Duration.ofSeconds(4))).isEqualTo("3012 no pong");
            long afterPing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ping);
            assertThat(afterPing).isBetween(700L, 3000L);
        }
    }

    @Test
    void protobufPingIsTheSingleByteZero() {
        WsClient.Options proto = new WsClient.Options().subprotocols("centrifuge-protobuf");
        try (WsClient c = WsClient.open(pings.wsUrl(), proto)) {
            c.sendBinary(ProtoFrames.frame(Command.newBuilder().setId(1)
                    .setConnect(ConnectRequest.newBuilder()
                            .setToken(ServerFixture.token("ping-proto"))).build()));
            assertThat(ProtoFrames.parse(c.nextBinary()).get(0).getConnect().getPing()).isEqualTo(2);
            byte[] ping = Await.take(c.binaries, Duration.ofSeconds(4), "protobuf ping");
            assertThat(ping).containsExactly(0);
            assertThat(ProtoFrames.parse(ping)).containsExactly(Reply.getDefaultInstance());
            c.sendBinary(new byte[] {0}); // the pong
            long second = System.nanoTime();
            Await.take(c.binaries, Duration.ofSeconds(4), "second protobuf ping");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second)).isGreaterThan(1000L);
            assertThat(c.isOpen()).isTrue();
        }
    }

    // ---- stale, origin ----

    @Test
    void connectionThatNeverConnectsIsClosedAsStale() {
        try (WsClient c = WsClient.open(limits.wsUrl())) {
            assertThat(c.closeReason(Duration.ofSeconds(5))).isEqualTo("3502 stale");
        }
    }

    @Test
    void originOutsideTheAllowedListGets403() throws Exception {
        String path = "/realtime/connection/websocket";
        try (RawSocketWs evil = RawSocketWs.connect(limits.port(), path, 0, Map.of("Origin", "https://evil.example"))) {
            assertThat(evil.status).isEqualTo(403);
            assertThat(evil.headers).doesNotContainKey("upgrade").doesNotContainKey("sec-websocket-accept");
            evil.responseBody();
            // The connection is kept alive: the next response on it answers the next request
            // (no stray second response to the refused upgrade).
            assertThat(evil.nextRequestStatus("/realtime/no-such-page")).isEqualTo(404);
        }
        try (RawSocketWs good = RawSocketWs.connect(limits.port(), path, 0, Map.of("Origin", "HTTPS://Good.Example"))) {
            assertThat(good.status).isEqualTo(101);
            assertThat(good.headers).containsKey("sec-websocket-accept");
        }
        try (RawSocketWs none = RawSocketWs.connect(limits.port(), path, 0, Map.of())) {
            assertThat(none.status).isEqualTo(101);
        }
    }

    // ---- limits ----

    @Test
    void secondConnectionOfTheSameUserIsClosedWithConnectionLimit() {
        String ch = unique("chat:limit");
        try (WsClient first = connected(limits, "limit-user"); WsClient second = WsClient.open(limits.wsUrl())) {
            second.send(connectCommand(ServerFixture.token("limit-user")));
            assertThat(second.closeReason()).isEqualTo("3504 connection limit");
            assertAlive(first, 2);
            first.send(subscribe(3, ch));
            first.nextLineContaining("\"id\":3,");
        }
        // Once the first connection is gone its place is free again.
        Await.until(Await.SHORT, () -> limits.numClients(ch) == 0, "the first connection to be forgotten");
        try (WsClient third = connected(limits, "limit-user")) {
            assertAlive(third, 2);
        }
    }

    @Test
    void thirdSubscriptionExceedsTheChannelLimitUntilOneIsLeft() {
        String a = unique("feed:a");
        try (WsClient c = connected(limits, "channels-user")) {
            c.send(subscribe(2, a));
            assertThat(c.nextLineContaining("\"id\":2,")).startsWith("{\"id\":2,\"subscribe\":");
            c.send(subscribe(3, unique("feed:b")));
            assertThat(c.nextLineContaining("\"id\":3,")).startsWith("{\"id\":3,\"subscribe\":");
            String third = subscribe(4, unique("feed:c"));
            c.send(third);
            assertThat(c.nextLineContaining("\"id\":4,"))
                    .isEqualTo("{\"id\":4,\"error\":{\"code\":106,\"message\":\"limit exceeded\"}}");
            c.send("{\"id\":5,\"unsubscribe\":{\"channel\":\"" + a + "\"}}");
            assertThat(c.nextLineContaining("\"id\":5,")).isEqualTo("{\"id\":5,\"unsubscribe\":{}}");
            c.send(third.replace("\"id\":4,", "\"id\":6,"));
            assertThat(c.nextLineContaining("\"id\":6,")).startsWith("{\"id\":6,\"subscribe\":");
        }
    }

    @Test
    void tooManyTokenChannelsIsChannelLimitDisconnect() {
        String token = ServerFixture.token(Map.of("sub", "token-channels",
                "channels", List.of(unique("feed:t"), unique("feed:t"), unique("feed:t"))));
        try (WsClient c = WsClient.open(limits.wsUrl())) {
            c.send(connectCommand(token));
            assertThat(c.closeReason()).isEqualTo("3505 channel limit");
        }
    }

    @Test
    void tokenChannelInUnknownNamespaceIsUnknownChannel() {
        String token = ServerFixture.token(Map.of("sub", "unknown-ns", "channels", List.of("nope:x")));
        try (WsClient c = WsClient.open(limits.wsUrl())) {
            c.send(connectCommand(token));
            assertThat(c.nextLine()).isEqualTo("{\"id\":1,\"error\":{\"code\":102,\"message\":\"unknown channel\"}}");
        }
    }

    // ---- private channels ----

    @Test
    void privateChannelWithoutTokenIsPermissionDenied() {
        try (WsClient c = connected(limits, "priv-none")) {
            c.send(subscribe(2, unique("$chat:x")));
            assertThat(c.nextLine()).isEqualTo("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        }
    }

    @Test
    void privateChannelWithItsSubscriptionTokenSubscribes() {
        String ch = unique("$chat:x");
        try (WsClient c = connected(limits, "priv-ok")) {
            c.send(subscribe(2, ch, ServerFixture.subToken("priv-ok", ch, 60)));
            // The token's exp makes the subscription expire (Centrifugo: expires/ttl in the result).
            assertThat(c.nextLineContaining("\"id\":2,")).matches("\\{\"id\":2,\"subscribe\":\\{\"expires\":true,\"ttl\":(59|60),"
                    + "\"recoverable\":true,\"epoch\":\"[a-zA-Z]{8}\",\"positioned\":true}}");
            // The secure namespace has no client permission at all: the token is the only way in.
            String secure = unique("secure:room");
            c.send(subscribe(3, secure));
            assertThat(c.nextLineContaining("\"id\":3,"))
                    .isEqualTo("{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
            c.send(subscribe(4, secure, ServerFixture.subToken("priv-ok", secure, 60)));
            assertThat(c.nextLineContaining("\"id\":4,")).matches("\\{\"id\":4,\"subscribe\":\\{\"expires\":true,\"ttl\":(59|60)}}");
        }
    }

    @Test
    void subscriptionTokenForAnotherChannelIsInvalidToken() {
        try (WsClient c = connected(limits, "priv-other")) {
            c.send(subscribe(2, unique("$chat:x"), ServerFixture.subToken("priv-other", "$chat:elsewhere", 60)));
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
    }

    @Test
    void subscriptionTokenOfAnotherUserIsInvalidToken() {
        String ch = unique("$chat:x");
        try (WsClient c = connected(limits, "priv-me")) {
            c.send(subscribe(2, ch, ServerFixture.subToken("someone-else", ch, 60)));
            assertThat(c.closeReason()).isEqualTo("3500 invalid token");
        }
    }

    @Test
    void expiredSubscriptionTokenIsTokenExpired() {
        String ch = unique("$chat:x");
        try (WsClient c = connected(limits, "priv-expired")) {
            c.send(subscribe(2, ch, ServerFixture.subToken("priv-expired", ch, -10)));
            assertThat(c.nextLine()).isEqualTo("{\"id\":2,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
        }
    }

    // ---- slow consumer ----

    @Test
    void clientThatStopsReadingIsClosedAsSlowWhileOthersKeepReceiving() throws Exception {
        String ch = unique("chat:flood");
        try (WsClient reader = connected(limits, "flood-reader");
                RawSocketWs stalled = RawSocketWs.connect(limits.port(), "/realtime/connection/websocket", 4096, Map.of())) {
            reader.send(subscribe(2, ch));
            reader.nextLineContaining("\"id\":2,");
            stalled.sendText(connectCommand(ServerFixture.token("flood-stalled")) + "\n" + subscribe(2, ch));
            while (!stalled.readFrame().text().contains("\"id\":2,")) {
                // connect reply, then the subscribe reply (perhaps in the same frame)
            }
            assertThat(limits.numClients(ch)).isEqualTo(2);

            // From here on the stalled client reads nothing.
            String data = "{\"blob\":\"" + "x".repeat(FLOOD_SIZE) + "\"}";
            int published = 0;
            while (published < FLOOD_MAX && limits.numClients(ch) == 2) {
                for (int i = 0; i < 5; i++) {
                    limits.publish(ch, data);
                    published++;
                }
            }
            assertThat(limits.numClients(ch)).as("the stalled client was dropped after %d publications", published)
                    .isEqualTo(1);
            assertThat(stalled.drainToClose(Duration.ofSeconds(4))).isEqualTo("3008 slow");

            for (int i = 1; i <= published; i++) {
                assertThat(reader.nextLineContaining("\"pub\":")).contains("\"offset\":" + i + "}");
            }
            limits.publish(ch, "{\"after\":true}");
            assertThat(reader.nextLineContaining("\"pub\":")).contains("{\"after\":true}");
            assertThat(reader.isOpen()).isTrue();
        }
    }
}
