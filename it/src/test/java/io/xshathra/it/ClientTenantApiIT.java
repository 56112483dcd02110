package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xshathra.client.BroadcastRequest;
import io.xshathra.client.BroadcastResult;
import io.xshathra.client.ClientInfo;
import io.xshathra.client.HistoryRequest;
import io.xshathra.client.HistoryResult;
import io.xshathra.client.InvalidRequestException;
import io.xshathra.client.PresenceResult;
import io.xshathra.client.PublishRequest;
import io.xshathra.client.PublishResult;
import io.xshathra.client.StreamPosition;
import io.xshathra.client.TokenRequest;
import io.xshathra.client.UnknownNamespaceException;
import io.xshathra.client.XshathraClient;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's tenant methods (history, history-remove, presence, presence-stats, channels,
 * broadcast, unsubscribe, disconnect) against the real server, with two projects: each call sees
 * and touches only its own project's channels, presence and connections.
 */
class ClientTenantApiIT {
    private static final String ROOM = "chat:tenant";
    private static ServerFixture server;
    private static XshathraClient p;
    private static XshathraClient q;

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
        p = ClientLibraryIT.client(server, ClientLibraryIT.project(server, "p").serverApiKey());
        q = ClientLibraryIT.client(server, ClientLibraryIT.project(server, "q").serverApiKey());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A connection of {@code user} in the client's project, subscribed to {@code channel}. */
    private static WsClient subscribed(XshathraClient project, String user, String channel) {
        WsClient c = ClientLibraryIT.connect(server,
                project.token(TokenRequest.of(user).withInfo(Map.of("name", user))));
        c.send("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        assertThat(c.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
        return c;
    }

    @Test
    void historyPagesThroughTheProjectsOwnPublications() {
        String channel = "chat:history";
        PublishResult first = p.publish(PublishRequest.json(channel, Map.of("n", 1)));
        p.publish(PublishRequest.json(channel, Map.of("n", 2)));
        p.publish(PublishRequest.json(channel, Map.of("n", 3)).withTags(Map.of("k", "v")));

        HistoryResult two = p.history(HistoryRequest.of(channel).withLimit(2));
        assertThat(two.publications()).extracting(pub -> pub.offset()).containsExactly(1L, 2L);
        assertThat(two.publications().get(0).dataAs(Map.class)).isEqualTo(Map.of("n", 1));
        assertThat(two.position()).isEqualTo(new StreamPosition(3, first.epoch()));

        HistoryResult newest = p.history(HistoryRequest.of(channel).withLimit(2).withReverse(true));
        assertThat(newest.publications()).extracting(pub -> pub.offset()).containsExactly(3L, 2L);
        assertThat(newest.publications().get(0).tags()).isEqualTo(Map.of("k", "v"));

        HistoryResult after = p.history(HistoryRequest.of(channel).withLimit(10)
                .withSince(new StreamPosition(first.offset(), first.epoch())));
        assertThat(after.publications()).extracting(pub -> pub.data()).containsExactly("{\"n\":2}", "{\"n\":3}");

        assertThat(q.history(HistoryRequest.of(channel).withLimit(10)).publications())
                .as("project Q's channel of the same name is another channel").isEmpty();

        q.historyRemove(channel);
        assertThat(p.history(HistoryRequest.of(channel).withLimit(10)).publications())
                .as("Q's history-remove leaves P's history").hasSize(3);
        p.historyRemove(channel);
        HistoryResult removed = p.history(HistoryRequest.of(channel).withLimit(10));
        assertThat(removed.publications()).isEmpty();
        assertThat(removed.offset()).as("the position stays").isEqualTo(3);
    }

    @Test
    void presenceAndChannelsShowOnlyTheProjectsConnections() {
        try (WsClient alice = subscribed(p, "alice", ROOM)) {
            PresenceResult presence = p.presence(ROOM);
            assertThat(presence.clients()).hasSize(1);
            ClientInfo info = presence.clients().values().iterator().next();
            assertThat(info.user()).isEqualTo("alice");
            assertThat(info.connInfo()).isEqualTo("{\"name\":\"alice\"}");
            assertThat(presence.clients()).containsKey(info.client());
            assertThat(p.presenceStats(ROOM).numClients()).isEqualTo(1);
            assertThat(p.presenceStats(ROOM).numUsers()).isEqualTo(1);

            assertThat(q.presence(ROOM).clients()).isEmpty();
            assertThat(q.presenceStats(ROOM).numClients()).isZero();

            assertThat(p.channels("chat:*").channels()).containsEntry(ROOM, 1);
            assertThat(p.channels(null).channels()).containsEntry(ROOM, 1);
            assertThat(q.channels(null).channels()).doesNotContainKey(ROOM);
            assertThat(p.channels("feed:*").channels()).doesNotContainKey(ROOM);
        }
    }

    @Test
    void broadcastReachesEveryListedChannelOfTheProject() {
        try (WsClient mine = subscribed(p, "carol", "chat:b1");
             WsClient other = subscribed(q, "carol", "chat:b1")) {
            BroadcastResult sent = p.broadcast(BroadcastRequest.json(List.of("chat:b1", "chat:b2"), Map.of("to", "all")));
            assertThat(sent.results()).extracting(PublishResult::channel).containsExactly("chat:b1", "chat:b2");
            assertThat(sent.results()).extracting(PublishResult::offset).containsExactly(1L, 1L);
            assertThat(mine.nextLineContaining("\"pub\"")).contains("{\"to\":\"all\"}");
            q.publish(PublishRequest.json("chat:b1", Map.of("from", "q")));
            assertThat(other.nextLineContaining("\"pub\"")).as("Q's subscriber saw no P broadcast first")
                    .contains("{\"from\":\"q\"}");
        }
    }

    @Test
    void unsubscribeAndDisconnectTouchOnlyTheProjectsConnections() {
        String channel = "chat:admin";
        try (WsClient dave = subscribed(p, "dave", channel)) {
            q.unsubscribe("dave", channel);
            q.disconnect("dave");
            p.publish(PublishRequest.json(channel, Map.of("still", "here")));
            assertThat(dave.nextLineContaining("\"pub\"")).as("Q's calls left P's dave alone")
                    .contains("{\"still\":\"here\"}");

            p.unsubscribe("dave", channel);
            assertThat(dave.nextLineContaining("\"unsubscribe\"")).contains(channel);
            Await.until(() -> p.presenceStats(channel).numClients() == 0, "dave left the presence");

            p.disconnect("dave");
            assertThat(dave.closeReason()).isNotEmpty();
        }
    }

    @Test
    void tenantCallsFailTypedLikeTheOthers() {
        UnknownNamespaceException ns = catchThrowableOfType(
                () -> p.history(HistoryRequest.of("nowhere:x").withLimit(1)), UnknownNamespaceException.class);
        assertThat(ns.field()).isEqualTo("channel");
        assertThat(catchThrowableOfType(() -> p.presence("nowhere:x"), UnknownNamespaceException.class).field())
                .isEqualTo("channel");
        InvalidRequestException empty = catchThrowableOfType(() -> p.presenceStats(""),
                InvalidRequestException.class);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.field()).isEqualTo("channel");
        InvalidRequestException noUser = catchThrowableOfType(() -> p.disconnect(""),
                InvalidRequestException.class);
        assertThat(noUser.field()).isEqualTo("userId");
    }
}
