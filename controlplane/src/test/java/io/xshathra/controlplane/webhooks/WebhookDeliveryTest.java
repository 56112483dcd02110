package io.xshathra.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.controlplane.storage.StoreTestBase;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batching, signing, retries and bounds of {@link Webhooks} against a real receiver and a real SQLite store. */
class WebhookDeliveryTest extends StoreTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Receiver receiver = new Receiver();
    private final Map<String, AtomicInteger> deliveredEvents = new ConcurrentHashMap<>();
    private CreatedProject project;
    private Webhooks webhooks;

    @Override
    protected DatabaseUrl newDatabase() {
        return DatabaseUrl.sqlite(dir);
    }

    @Override
    protected ControlPlaneStore.Options options() {
        return super.options().withClock(Clock.systemUTC()).withProxyTargets(ProxyTargets.allowingPrivateNetworks());
    }

    private WebhookSettings settings() {
        return WebhookSettings.defaults()
                .withTimes(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(700))
                .withRetry(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofHours(1)));
    }

    @BeforeEach
    void start() {
        Account owner = await(store.accounts().createUser("owner@example.com", "correct horse battery"));
        project = await(store.projects().create(owner.id(), "hooks"));
    }

    private void startWebhooks(WebhookSettings s) {
        webhooks = Webhooks.start(store.webhooks(), ProxyTargets.allowingPrivateNetworks(),
                (p, n) -> deliveredEvents.computeIfAbsent(p, k -> new AtomicInteger()).addAndGet(n), s);
        ProjectIndexLoader.start(store.events(), webhooks.endpoints());
    }

    @AfterEach
    void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        receiver.close();
    }

    private String id() {
        return project.project().id();
    }

    private CreatedWebhook hook(String path, Kind... kinds) {
        return await(store.webhooks().add(id(), receiver.url() + path, EnumSet.of(kinds[0], kinds)));
    }

    private TenantEvent event(Kind kind, String channel) {
        return new TenantEvent(kind, id(), channel, "alice", "client-1",
                kind == Kind.CLIENT_PUBLICATION ? "{\"n\":1}".getBytes(StandardCharsets.UTF_8) : null, 1000);
    }

    private Receiver.Request next() {
        return Await.take(receiver.received, WAIT, "a webhook request");
    }

    @Test
    void eventsAreBatchedPerEndpointSignedAndCounted() throws Exception {
        CreatedWebhook all = hook("/all", Kind.CHANNEL_OCCUPIED, Kind.CLIENT_PUBLICATION);
        CreatedWebhook some = hook("/some", Kind.CHANNEL_OCCUPIED);
        startWebhooks(settings());
        assertThat(webhooks.wants(id(), Kind.CLIENT_PUBLICATION)).isTrue();
        assertThat(webhooks.wants(id(), Kind.MEMBER_ADDED)).isFalse();
        webhooks.emit(event(Kind.CHANNEL_OCCUPIED, "public:lobby"));
        webhooks.emit(event(Kind.CLIENT_PUBLICATION, "public:lobby"));
        webhooks.emit(event(Kind.MEMBER_ADDED, "public:lobby"));
        webhooks.flush();

        Map<String, Receiver.Request> byPath = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            Receiver.Request r = next();
            byPath.put(r.path(), r);
        }
        Receiver.Request a = byPath.get("/all");
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        long now = System.currentTimeMillis() / 1000;
        assertThat(WebhookSignature.verify(all.secret(), a.header(WebhookSignature.HEADER), a.body(), now, 60)).isTrue();
        assertThat(WebhookSignature.verify(some.secret(), a.header(WebhookSignature.HEADER), a.body(), now, 60)).isFalse();
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.get("timeMs").asLong()).isPositive();
        assertThat(body.get("events")).hasSize(2);
        assertThat(body.get("events").get(0).get("name").asText()).isEqualTo("channel_occupied");
        assertThat(body.get("events").get(1).get("data").get("n").asInt()).isEqualTo(1);
        JsonNode s = JSON.readTree(byPath.get("/some").body());
        assertThat(s.get("events")).hasSize(1);
        assertThat(s.get("events").get(0).get("id").asText()).as("one id per event, whichever endpoint")
                .isEqualTo(body.get("events").get(0).get("id").asText());
        Await.until(WAIT, () -> deliveredEvents.getOrDefault(id(), new AtomicInteger()).get() == 3, "3 events counted");
        Await.until(WAIT, () -> await(store.webhooks().pending(id())) == 0, "the outbox is empty");
        assertThat(await(store.webhooks().deliveries(id()))).hasSize(2).allMatch(WebhookDelivery::succeeded);
    }

    @Test
    void failuresAreRetriedWithTheSameBodyUntilA2xx() throws Exception {
        CreatedWebhook h = hook("/flaky", Kind.CHANNEL_VACATED);
        receiver.answers.addAll(List.of(500, 302, 0));
        startWebhooks(settings());
        webhooks.emit(event(Kind.CHANNEL_VACATED, "room"));
        Receiver.Request first = next();
        Receiver.Request redirected = next();
        Receiver.Request timedOut = next();
        Receiver.Request ok = next();
        assertThat(List.of(redirected, timedOut, ok)).allSatisfy(r -> {
            assertThat(r.path()).as("redirects are not followed").isEqualTo("/flaky");
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(r.header("X-Xshathra-Webhook-Id")).isEqualTo(first.header("X-Xshathra-Webhook-Id"));
        });
        long now = System.currentTimeMillis() / 1000;
        assertThat(WebhookSignature.verify(h.secret(), ok.header(WebhookSignature.HEADER), ok.body(), now, 60)).isTrue();
        Await.until(WAIT, () -> await(store.webhooks().pending(id())) == 0, "delivered at last");
        List<WebhookDelivery> log = await(store.webhooks().deliveries(id()));
        assertThat(log).extracting(WebhookDelivery::attempt).containsExactly(4, 3, 2, 1);
        assertThat(log).extracting(WebhookDelivery::status).containsExactly(200, 0, 302, 500);
        assertThat(log.get(1).error()).contains("timeout");
    }

    @Test
    void aFullBufferDropsAndCountsAndNothingIsBufferedForProjectsWithoutHooks() {
        hook("/x", Kind.CHANNEL_OCCUPIED);
        startWebhooks(settings().withTimes(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1))
                .withBuffer(3, 1 << 20));
        webhooks.emit(new TenantEvent(Kind.CHANNEL_OCCUPIED, "proj_nobody", "c", "", "", null, 1));
        for (int i = 0; i < 5; i++) {
            webhooks.emit(event(Kind.CHANNEL_OCCUPIED, "c" + i));
        }
        assertThat(webhooks.dropped()).isEqualTo(2);
        webhooks.flush();
        assertThat(await(store.webhooks().pending(id()))).isEqualTo(1);
    }

    @Test
    void closingWritesTheBufferToTheOutbox() {
        hook("/x", Kind.CHANNEL_OCCUPIED);
        receiver.close();
        startWebhooks(settings().withTimes(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1)));
        webhooks.emit(event(Kind.CHANNEL_OCCUPIED, "c"));
        assertThat(await(store.webhooks().pending(id()))).isZero();
        webhooks.close();
        assertThat(await(store.webhooks().pending(id()))).isEqualTo(1);
        webhooks.emit(event(Kind.CHANNEL_OCCUPIED, "after close"));
        webhooks.flush();
        assertThat(await(store.webhooks().pending(id()))).isEqualTo(1);
    }

    @Test
    void aPrivateHostIsRefusedAtDeliveryWhenTheOperatorAllowsOnlyPublicOnes() {
        hook("/x", Kind.CHANNEL_OCCUPIED);
        webhooks = Webhooks.start(store.webhooks(), ProxyTargets.publicOnly(), WebhookListener.NONE, settings());
        ProjectIndexLoader.start(store.events(), webhooks.endpoints());
        webhooks.emit(event(Kind.CHANNEL_OCCUPIED, "c"));
        Await.until(WAIT, () -> !await(store.webhooks().deliveries(id())).isEmpty(), "an attempt");
        WebhookDelivery d = await(store.webhooks().deliveries(id())).get(0);
        assertThat(d.status()).isZero();
        assertThat(d.error()).contains("private network");
        assertThat(receiver.received).isEmpty();
    }
}
