package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.ControlPlaneException.Reason;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.webhooks.ClaimedBatch;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.OutboxBatch;
import io.xshathra.controlplane.webhooks.WebhookDelivery;
import io.xshathra.controlplane.webhooks.WebhookListener;
import io.xshathra.controlplane.webhooks.WebhookSettings;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.controlplane.webhooks.Webhooks;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link WebhookStore} contract (endpoints, durable outbox, delivery log), run against every database. */
public abstract class WebhooksContract extends ProjectStoreTestBase {

    private static final Duration ELSEWHERE = Duration.ofSeconds(4);
    private static final String URL = "http://127.0.0.1:9000/hook";

    private WebhookStore hooks;

    @Override
    protected ControlPlaneStore.Options options() {
        return super.options().withProxyTargets(ProxyTargets.allowingPrivateNetworks());
    }

    @BeforeEach
    void project() {
        hooks = store.webhooks();
    }

    @Test
    void anEndpointIsAddedListedWithoutItsSecretAndRemoved() {
        CreatedWebhook w = await(hooks.add(id(), URL, EnumSet.of(Kind.CHANNEL_VACATED, Kind.CHANNEL_OCCUPIED)));
        assertThat(w.secret()).startsWith("whsec_").hasSizeGreaterThanOrEqualTo(6 + 32).matches("whsec_[0-9A-Za-z]+");
        assertThat(w.toString()).doesNotContain(w.secret());
        assertThat(w.endpoint().id()).startsWith("wh_");
        assertThat(w.endpoint().eventNames()).containsExactly("channel_occupied", "channel_vacated");
        assertThat(await(hooks.list(id()))).containsExactly(w.endpoint());
        assertThat(await(hooks.all())).containsExactly(w.endpoint());
        assertThat(await(hooks.remove("proj_other", w.endpoint().id()))).as("another project's id").isFalse();
        assertThat(await(hooks.remove(id(), w.endpoint().id()))).isTrue();
        assertThat(await(hooks.remove(id(), w.endpoint().id()))).isFalse();
        assertThat(await(hooks.list(id()))).isEmpty();
    }

    @Test
    void badEndpointsAreRefused() {
        Set<Kind> one = EnumSet.of(Kind.MEMBER_ADDED);
        assertRefused(() -> await(hooks.add(id(), "ftp://example.com/x", one)), Reason.INVALID_ARGUMENT, "http");
        assertRefused(() -> await(hooks.add(id(), "http://u:p@example.com/x", one)), Reason.INVALID_ARGUMENT, "user");
        assertRefused(() -> await(hooks.add(id(), "https://example.com/" + "a".repeat(2048), one)),
                Reason.INVALID_ARGUMENT, "2048");
        assertRefused(() -> await(hooks.add(id(), URL, Set.of())), Reason.INVALID_ARGUMENT, "at least one event");
        assertRefused(() -> await(hooks.add("proj_01HZZZZZZZZZZZZZZZZZZZZZZZ", URL, one)), Reason.NOT_FOUND, "no such project");
        for (int i = 0; i < WebhookStore.MAX_ENDPOINTS_PER_PROJECT; i++) {
            await(hooks.add(id(), URL + i, one));
        }
        assertRefused(() -> await(hooks.add(id(), URL, one)), Reason.INVALID_ARGUMENT, "at most 10");
        try (ControlPlaneStore strict = ControlPlaneStore.open(url, super.options())) {
            await(strict.webhooks().remove(id(), await(hooks.list(id())).get(0).id()));
            assertRefused(() -> await(strict.webhooks().add(id(), "http://127.0.0.1:9/x", one)), Reason.INVALID_ARGUMENT,
                    "private network");
        }
    }

    @Test
    void aBatchIsLeasedToOneNodeUntilItsLeaseRunsOutThenRetriedOrDeleted() {
        CreatedWebhook w = await(hooks.add(id(), URL, EnumSet.allOf(Kind.class)));
        String endpoint = w.endpoint().id();
        assertThat(await(hooks.enqueue(List.of(new OutboxBatch(endpoint, id(), "{\"a\":1}", 1),
                new OutboxBatch(endpoint, id(), "{\"b\":2}", 2), new OutboxBatch("wh_gone", id(), "{}", 1))))).isEqualTo(1);
        assertThat(await(hooks.pending(id()))).isEqualTo(2);

        List<ClaimedBatch> mine = await(hooks.claim("node-a", 10, 60_000));
        assertThat(mine).extracting(ClaimedBatch::body).containsExactlyInAnyOrder("{\"a\":1}", "{\"b\":2}");
        assertThat(mine.get(0).secret()).isEqualTo(w.secret());
        assertThat(mine.get(0).url().toString()).isEqualTo(URL);
        assertThat(await(hooks.claim("node-b", 10, 60_000))).as("leased by node-a").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        List<ClaimedBatch> again = await(hooks.claim("node-b", 10, 60_000));
        assertThat(again).as("node-a died: its lease ran out").hasSize(2);

        ClaimedBatch ok = again.get(0);
        ClaimedBatch failing = again.get(1);
        long now = clock.millis();
        await(hooks.finish(ok, new WebhookDelivery(endpoint, now, 204, "", 5, ok.eventCount(), 1), null));
        await(hooks.finish(failing, new WebhookDelivery(endpoint, now, 500, "", 7, failing.eventCount(), 1), now + 1000));
        assertThat(await(hooks.pending(id()))).isEqualTo(1);
        assertThat(await(hooks.claim("node-b", 10, 60_000))).as("not due yet").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<ClaimedBatch> retried = await(hooks.claim("node-b", 10, 60_000));
        assertThat(retried).singleElement().satisfies(b -> assertThat(b.attempts()).isEqualTo(1));

        List<WebhookDelivery> log = await(hooks.deliveries(id()));
        assertThat(log).extracting(WebhookDelivery::status).containsExactlyInAnyOrder(204, 500);
        assertThat(log).filteredOn(WebhookDelivery::succeeded).singleElement()
                .satisfies(d -> assertThat(d.durationMs()).isEqualTo(5));
    }

    @Test
    void theDeliveryLogKeepsTheLastAttemptsPerEndpoint() {
        CreatedWebhook w = await(hooks.add(id(), URL, EnumSet.of(Kind.CLIENT_PUBLICATION)));
        String endpoint = w.endpoint().id();
        await(hooks.enqueue(List.of(new OutboxBatch(endpoint, id(), "{}", 1))));
        ClaimedBatch b = await(hooks.claim("n", 1, 60_000)).get(0);
        for (int i = 1; i <= WebhookStore.DELIVERY_LOG + 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            await(hooks.finish(b, new WebhookDelivery(endpoint, clock.millis(), 0, "timeout " + i, 10, 1, i),
                    clock.millis() + 1));
        }
        List<WebhookDelivery> log = await(hooks.deliveries(id()));
        assertThat(log).hasSize(WebhookStore.DELIVERY_LOG);
        assertThat(log.get(0).attempt()).as("newest first").isEqualTo(WebhookStore.DELIVERY_LOG + 5);
        assertThat(log.get(0).error()).isEqualTo("timeout " + (WebhookStore.DELIVERY_LOG + 5));
    }

    @Test
    void aFullOutboxDropsNewBatchesAndRemovingTheEndpointEmptiesIt() {
        CreatedWebhook w = await(hooks.add(id(), URL, EnumSet.of(Kind.CLIENT_PUBLICATION)));
        List<OutboxBatch> many = new ArrayList<>();
        for (int i = 0; i < WebhookStore.MAX_OUTBOX_PER_PROJECT + 3; i++) {
            many.add(new OutboxBatch(w.endpoint().id(), id(), "{}", 1));
        }
        assertThat(await(hooks.enqueue(many))).isEqualTo(3);
        assertThat(await(hooks.enqueue(many.subList(0, 1)))).isEqualTo(1);
        assertThat(await(hooks.pending(id()))).isEqualTo(WebhookStore.MAX_OUTBOX_PER_PROJECT);
        await(hooks.remove(id(), w.endpoint().id()));
        assertThat(await(hooks.pending(id()))).isZero();
    }

    @Test
    void whatTheEngineIsToldFollowsChangesHereAndElsewhere() {
        await(hooks.add(id(), URL, EnumSet.of(Kind.CHANNEL_OCCUPIED)));
        try (Webhooks w = Webhooks.start(hooks, ProxyTargets.allowingPrivateNetworks(), WebhookListener.NONE,
                WebhookSettings.defaults())) {
            ProjectIndexLoader.start(store.events(), w.endpoints());
            assertThat(w.wants(id(), Kind.CHANNEL_OCCUPIED)).isTrue();
            assertThat(w.wants(id(), Kind.CHANNEL_VACATED)).isFalse();
            assertThat(w.wants("proj_other", Kind.CHANNEL_OCCUPIED)).isFalse();
            CreatedWebhook second = await(hooks.add(id(), URL, EnumSet.of(Kind.CHANNEL_VACATED)));
            Await.until(() -> w.wants(id(), Kind.CHANNEL_VACATED), "a change made here");
            try (ControlPlaneStore other = ControlPlaneStore.open(url, options())) {
                await(other.webhooks().remove(id(), second.endpoint().id()));
                await(other.webhooks().add(id(), URL, EnumSet.of(Kind.MEMBER_REMOVED)));
                Await.until(ELSEWHERE, () -> !w.wants(id(), Kind.CHANNEL_VACATED) && w.wants(id(), Kind.MEMBER_REMOVED),
                        "another process's change");
            }
            await(store.projects().delete(id()));
            Await.until(ELSEWHERE, () -> !w.wants(id(), Kind.CHANNEL_OCCUPIED), "a deleted project");
        }
    }
}
