package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.testkit.WsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code map_broker.redis}: the map broker on its own Redis. Two Redis instances: the engine's
 * (streams, presence, Pub/Sub of stream channels) and the maps'. Map state, streams and changes
 * live in the second only, under its own prefix; nodes sharing it see each other's writes, live;
 * with the memory engine a map broker on Redis is allowed too.
 */
class MapBrokerRedisIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static EmbeddedRedis engineRedis;
    private static EmbeddedRedis mapRedis;

    @BeforeAll
    static void start() {
        engineRedis = EmbeddedRedis.start();
        mapRedis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stop() {
        engineRedis.close();
        mapRedis.close();
    }

    private static ServerFixture.Builder withMaps(ServerFixture.Builder b) {
        return b.set("map_broker", Map.of("type", "redis",
                        "redis", Map.of("address", mapRedis.address(), "prefix", "maps")))
                .set("channel", Map.of("namespaces", List.of(
                        Map.of("name", "chat", "allow_subscribe_for_client", true),
                        Map.of("name", "board", "subscription_type", "map", "allow_subscribe_for_client", true,
                                "map", Map.of("mode", "persistent")))));
    }

    private static ServerFixture redisEngineNode() {
        return withMaps(RedisNodes.node(engineRedis, "eng")).start();
    }

    private static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    private static void mapPublish(ServerFixture node, String channel, String key, String json) {
        node.apiOk("map_publish", "{\"channel\":" + ServerFixture.quote(channel) + ",\"key\":\"" + key
                + "\",\"data\":" + json + "}");
    }

    /** Subscribes as a map (state, then live: an empty or small map is one page). */
    private static JsonNode mapSubscribe(WsClient c, String channel) {
        return MultiNodeIT.subscribe(c, 2, channel, ",\"type\":1,\"phase\":2");
    }

    @Test
    void mapStateLivesInTheMapRedisAndChangesCrossNodesThroughIt() throws Exception {
        String ch = unique("board:x");
        try (ServerFixture a = redisEngineNode(); ServerFixture b = redisEngineNode();
             WsClient sub = MultiNodeIT.connect(b, ServerFixture.token("reader"))) {
            JsonNode live = mapSubscribe(sub, ch);
            assertThat(live.path("phase").asInt()).as("%s", live).isZero();

            mapPublish(a, ch, "k1", "{\"v\":1}");
            JsonNode pub = MultiNodeIT.nextPub(sub);
            assertThat(pub.path("key").asText()).isEqualTo("k1");
            assertThat(pub.path("data").path("v").asInt()).isEqualTo(1);

            String state = b.apiOk("map_read_state", "{\"channel\":" + ServerFixture.quote(ch) + ",\"limit\":-1}");
            assertThat(MultiNodeIT.json(state).path("result").path("entries").get(0).path("key").asText())
                    .isEqualTo("k1");
            assertThat(mapRedis.commands().keys("maps.map.*" + ch + "*")).as("map keys in the map Redis")
                    .isNotEmpty();
            assertThat(engineRedis.commands().keys("*.map.*")).as("nothing of maps in the engine's Redis").isEmpty();

            // Stream channels stay on the engine's Redis.
            try (WsClient chat = MultiNodeIT.connect(b, ServerFixture.token("reader"))) {
                String room = unique("chat:r");
                MultiNodeIT.subscribe(chat, 2, room, "");
                a.publish(room, "{\"n\":1}");
                assertThat(MultiNodeIT.nextPub(chat).path("data").path("n").asInt()).isEqualTo(1);
            }
            assertThat(mapRedis.commands().keys("eng.*")).as("no stream keys in the map Redis").isEmpty();
        }
    }

    @Test
    void withTheMemoryEngineTheMapBrokerUsesItsOwnRedis() {
        String ch = unique("board:m");
        try (ServerFixture a = withMaps(ServerFixture.builder()).start();
             WsClient sub = MultiNodeIT.connect(a, ServerFixture.token("reader"))) {
            mapSubscribe(sub, ch);
            mapPublish(a, ch, "k", "{\"v\":2}");
            assertThat(MultiNodeIT.nextPub(sub).path("key").asText()).isEqualTo("k");
            assertThat(mapRedis.commands().keys("maps.map.state.*" + ch + "*")).isNotEmpty();
        }
    }

    /**
     * {@code skip_pub_sub}: the node writes state and stream but publishes nothing, and cannot take
     * map subscriptions (Centrifugo v6.9.1 answers them with the temporary error 100 as well).
     */
    @Test
    void withSkipPubSubWritesAreStoredButNoClientCanFollowThem() {
        String ch = unique("board:s");
        ServerFixture.Builder quiet = withMaps(ServerFixture.builder()).set("map_broker", Map.of("type", "redis",
                "redis", Map.of("address", mapRedis.address(), "prefix", "maps", "skip_pub_sub", true)));
        try (ServerFixture a = quiet.start(); WsClient sub = MultiNodeIT.connect(a, ServerFixture.token("reader"))) {
            sub.send("{\"id\":2,\"subscribe\":{\"channel\":" + ServerFixture.quote(ch) + ",\"type\":1,\"phase\":2}}");
            JsonNode error = MultiNodeIT.json(sub.nextLineContaining("\"id\":2,")).path("error");
            assertThat(error.path("code").asInt()).as("%s", error).isEqualTo(100);
            assertThat(error.path("temporary").asBoolean()).isTrue();

            mapPublish(a, ch, "k", "{\"v\":3}");
            String state = a.apiOk("map_read_state", "{\"channel\":" + ServerFixture.quote(ch) + ",\"limit\":-1}");
            assertThat(MultiNodeIT.json(state).path("result").path("entries").get(0).path("key").asText())
                    .isEqualTo("k");
        }
    }
}
