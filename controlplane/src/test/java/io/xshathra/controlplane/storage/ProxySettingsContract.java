package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.ControlPlaneException.Reason;
import io.xshathra.controlplane.ProjectBackendIndex;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.ProxySettings;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.testkit.Await;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ProxySettings} contract (a project's backend endpoints), run against every database. */
public abstract class ProxySettingsContract extends ProjectStoreTestBase {

    private static final Duration ELSEWHERE = Duration.ofSeconds(4);

    private ProxySettings proxies;

    @Override
    protected ControlPlaneStore.Options options() {
        return super.options().withProxyTargets(ProxyTargets.allowingPrivateNetworks());
    }

    @BeforeEach
    void project() {
        proxies = store.projects().proxies();
    }

    @Test
    void aNewProjectHasNoBackendsAndNoSecret() {
        ProjectProxies p = await(proxies.of(id()));
        assertThat(p.endpoints()).isEmpty();
        assertThat(p.signingSecret()).isEmpty();
    }

    @Test
    void setReplaceRemoveAndTheSecretComesWithTheFirstEndpoint() {
        ProjectProxies first = await(proxies.set(id(), ProxyKind.CONNECT, " http://127.0.0.1:9000/connect ",
                Duration.ofMillis(1500)));
        assertThat(first.endpoint(ProxyKind.CONNECT)).hasValueSatisfying(e -> {
            assertThat(e.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000/connect"));
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1500));
        });
        assertThat(first.signingSecret()).startsWith(ApiKeys.PROXY_SECRET_PREFIX).hasSizeGreaterThan(40);

        ProjectProxies second = await(proxies.set(id(), ProxyKind.RPC, "https://backend.example.com/rpc", null));
        assertThat(second.signingSecret()).as("kept").isEqualTo(first.signingSecret());
        assertThat(second.endpoint(ProxyKind.RPC)).hasValueSatisfying(e ->
                assertThat(e.timeout()).isEqualTo(ProxySettings.DEFAULT_TIMEOUT));

        ProjectProxies replaced = await(proxies.set(id(), ProxyKind.CONNECT, "http://127.0.0.1:9001/c", Duration.ofSeconds(2)));
        assertThat(replaced.endpoints()).hasSize(2);
        assertThat(replaced.endpoint(ProxyKind.CONNECT).orElseThrow().endpoint().getPort()).isEqualTo(9001);

        ProjectProxies removed = await(proxies.remove(id(), ProxyKind.CONNECT));
        assertThat(removed.endpoints()).containsOnlyKeys(ProxyKind.RPC);
        assertThat(await(proxies.of(id()))).isEqualTo(removed);

        ProjectProxies rotated = await(proxies.rotateSigningSecret(id()));
        assertThat(rotated.signingSecret()).isNotEqualTo(first.signingSecret()).startsWith(ApiKeys.PROXY_SECRET_PREFIX);
        assertThat(await(proxies.of(id())).signingSecret()).isEqualTo(rotated.signingSecret());
    }

    @Test
    void badEndpointsAndTimeoutsAreRefusedAndChangeNothing() {
        await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http://127.0.0.1:9000/sub", null));
        ProjectProxies before = await(proxies.of(id()));
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "ftp://example.com/x", null)),
                Reason.INVALID_ARGUMENT, "http:// or https://");
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http://user:pw@example.com/x", null)),
                Reason.INVALID_ARGUMENT, "user name or password");
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http:///nohost", null)),
                Reason.INVALID_ARGUMENT, "host");
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http://example.com/" + "a".repeat(2100), null)),
                Reason.INVALID_ARGUMENT, "2048");
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http://example.com/x", Duration.ofMillis(5))),
                Reason.INVALID_ARGUMENT, "timeout");
        assertRefused(() -> await(proxies.set(id(), ProxyKind.SUBSCRIBE, "http://example.com/x", Duration.ofMinutes(5))),
                Reason.INVALID_ARGUMENT, "timeout");
        assertThat(await(proxies.of(id()))).isEqualTo(before);
    }

    @Test
    void unknownProjectsAreNotFound() {
        assertRefused(() -> await(proxies.of("proj_nope")), Reason.NOT_FOUND, "proj_nope");
        assertRefused(() -> await(proxies.set("proj_nope", ProxyKind.RPC, "http://127.0.0.1:1/rpc", null)),
                Reason.NOT_FOUND, "proj_nope");
        assertRefused(() -> await(proxies.rotateSigningSecret("proj_nope")), Reason.NOT_FOUND, "proj_nope");
    }

    @Test
    void deletingTheProjectDeletesItsBackends() {
        await(proxies.set(id(), ProxyKind.PUBLISH, "http://127.0.0.1:9000/pub", null));
        await(store.projects().delete(id()));
        assertRefused(() -> await(proxies.of(id())), Reason.NOT_FOUND, id());
        java.util.List<String> left = sql(c -> Database.query(c, "select kind from project_proxies", rs -> rs.getString(1)));
        assertThat(left).isEmpty();
    }

    @Test
    void privateNetworksAreRefusedUnlessTheOperatorAllowsThem() throws Exception {
        store.close();
        store = ControlPlaneStore.open(url, super.options(), ROOMY);
        proxies = store.projects().proxies();
        for (String url : new String[] {"http://127.0.0.1:9000/c", "http://10.1.2.3/c", "http://169.254.169.254/latest",
                "http://[::1]:9000/c", "http://192.168.0.10/c", "http://100.64.0.1/c", "http://localhost:8080/c"}) {
            assertRefused(() -> await(proxies.set(id(), ProxyKind.CONNECT, url, null)), Reason.INVALID_ARGUMENT,
                    "private network");
        }
        assertThat(await(proxies.of(id())).endpoints()).isEmpty();
    }

    @Test
    void changesByAnotherProcessAreSeenWithinTheBound() {
        await(proxies.set(id(), ProxyKind.CONNECT, "http://127.0.0.1:9000/connect", null));
        assertThat(await(proxies.of(id())).endpoints()).containsOnlyKeys(ProxyKind.CONNECT);
        try (ControlPlaneStore other = ControlPlaneStore.open(url, options())) {
            await(other.projects().proxies().set(id(), ProxyKind.RPC, "http://127.0.0.1:9000/rpc", null));
            await(other.projects().proxies().remove(id(), ProxyKind.CONNECT));
            Duration took = Await.until(ELSEWHERE,
                    () -> await(proxies.of(id())).endpoints().keySet().equals(java.util.Set.of(ProxyKind.RPC)),
                    "the other store's change is seen here");
            assertThat(took).isLessThan(ELSEWHERE);
        }
    }

    @Test
    void theIndexLoadsEveryProjectWithBackendsAndFollowsChangesHereAndElsewhere() {
        await(proxies.set(id(), ProxyKind.CONNECT, "http://127.0.0.1:9000/connect", null));
        ProjectBackendIndex index = ProjectBackendIndex.create(proxies);
        ProjectIndexLoader.start(store.events(), index);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.of(id())).hasValueSatisfying(p -> assertThat(p.endpoints()).containsOnlyKeys(ProxyKind.CONNECT));

        await(proxies.set(id(), ProxyKind.RPC, "http://127.0.0.1:9000/rpc", null));
        assertThat(index.of(id())).as("a change made here is seen when its stage completes")
                .hasValueSatisfying(p -> assertThat(p.endpoints()).hasSize(2));
        try (ControlPlaneStore other = ControlPlaneStore.open(url, options())) {
            await(other.projects().proxies().remove(id(), ProxyKind.CONNECT));
            await(other.projects().proxies().remove(id(), ProxyKind.RPC));
            Await.until(ELSEWHERE, () -> index.of(id()).isEmpty(), "the other store's removals");
            await(other.projects().proxies().set(id(), ProxyKind.PUBLISH, "http://127.0.0.1:9000/pub", null));
            Await.until(ELSEWHERE, () -> index.of(id()).isPresent(), "the other store's new endpoint");
        }
        await(store.projects().delete(id()));
        Await.until(ELSEWHERE, () -> index.of(id()).isEmpty(), "a deleted project");
        assertThat(index.size()).isZero();
    }
}
