package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.StreamPosition;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.testkit.Await;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Redis restarts (losing everything) while a publisher on node B publishes and a centrifuge-java
 * subscriber on node A receives. Publishers get an error or succeed; the subscriber receives
 * every successful publication in order, except those it was told about with a subscribe that
 * answered {@code recovered:false}: never a silent gap. Also: health turns 503 while Redis is
 * down and 200 again after.
 */
class RedisFailureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A successful publish: its number and where it was stored. */
    private record Published(int n, long offset, String epoch) {
    }

    private static Published publish(ServerFixture node, String channel, int n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.apiUrl() + "/publish"))
                    .timeout(Duration.ofSeconds(6)).header("X-API-Key", ServerFixture.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":" + ServerFixture.quote(channel)
                            + ",\"data\":{\"n\":" + n + "}}")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !body.has("result")) {
                return null;
            }
            return new Published(n, body.at("/result/offset").asLong(), body.at("/result/epoch").asText());
        } catch (Exception e) {
            return null;
        }
    }

    private static int health(ServerFixture node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long offset(StreamPosition p) throws ReflectiveOperationException {
        Field f = StreamPosition.class.getDeclaredField("offset");
        f.setAccessible(true);
        return f.getLong(p);
    }

    private static String epoch(StreamPosition p) throws ReflectiveOperationException {
        Field f = StreamPosition.class.getDeclaredField("epoch");
        f.setAccessible(true);
        return (String) f.get(p);
    }

    private static int readN(byte[] data) {
        try {
            return JSON.readTree(new String(data, StandardCharsets.UTF_8)).path("n").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void redisRestartDuringTrafficLosesNothingSilently() throws Exception {
        String ch = "feed:failure";
        try (EmbeddedRedis redis = EmbeddedRedis.start();
             ServerFixture a = RedisNodes.node(redis, "f").start();
             ServerFixture b = RedisNodes.node(redis, "f").start();
             JavaClient client = JavaClient.connected(a, "watcher")) {
            JavaClient.Sub sub = client.subscribed(ch);
            List<Published> ok = new ArrayList<>();
            int n = 0;
            while (n < 40) {
                Published p = publish(b, ch, ++n);
                if (p != null) {
                    ok.add(p);
                }
            }
            redis.stop();
            Await.until(Duration.ofSeconds(10), () -> health(a) == 503, "node A reports 503 while Redis is down");
            for (int i = 0; i < 10; i++) {
                Published p = publish(b, ch, ++n);
                if (p != null) {
                    ok.add(p);
                }
            }
            redis.restart();
            Await.until(Duration.ofSeconds(15), () -> health(a) == 200 && health(b) == 200,
                    "both nodes healthy again");
            int afterRestart = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (afterRestart < 40 && System.nanoTime() < deadline) {
                Published p = publish(b, ch, ++n);
                if (p != null) {
                    ok.add(p);
                    afterRestart++;
                }
            }
            assertThat(afterRestart).as("publishes succeed after the restart").isEqualTo(40);
            Published last = ok.get(ok.size() - 1);

            List<Integer> received = new ArrayList<>();
            Await.until(Duration.ofSeconds(60), () -> {
                PublicationEvent e;
                while ((e = sub.publications.poll()) != null) {
                    received.add(readN(e.getData()));
                }
                return !received.isEmpty() && received.get(received.size() - 1) == last.n();
            }, "the last successful publication reaches the subscriber");
            assertThat(received).as("in order, no duplicates").isSorted().doesNotHaveDuplicates();

            List<SubscribedEvent> subscribes = new ArrayList<>(sub.subscribed);
            SubscribedEvent lastUnrecovered = null;
            for (SubscribedEvent e : subscribes) {
                if (Boolean.TRUE.equals(e.wasRecovering()) && !Boolean.TRUE.equals(e.getRecovered())) {
                    lastUnrecovered = e;
                }
            }
            // Redis came back empty, so the stream has a new epoch: the subscriber must have been told
            assertThat(ok.get(0).epoch()).isNotEqualTo(last.epoch());
            assertThat(lastUnrecovered).as("a resubscribe answered recovered:false").isNotNull();
            assertThat(epoch(lastUnrecovered.getStreamPosition())).isEqualTo(last.epoch());
            Set<Integer> got = new HashSet<>(received);
            for (Published p : ok) {
                if (got.contains(p.n())) {
                    continue;
                }
                assertThat(lastUnrecovered).as("publication %s is missing without a recovered:false", p).isNotNull();
                StreamPosition told = lastUnrecovered.getStreamPosition();
                boolean before = !p.epoch().equals(epoch(told)) || p.offset() <= offset(told);
                assertThat(before).as("publication %s is missing but came after the recovered:false at %s:%s",
                        p, epoch(told), offset(told)).isTrue();
            }
        }
    }
}
