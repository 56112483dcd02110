package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.ProjectNamespaceIndex;
import io.xshathra.controlplane.ProjectServices;
import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.project.ChannelOccupancy;
import io.xshathra.engine.project.LocalOccupancy;
import io.xshathra.engine.project.TenantEvents;
import io.xshathra.engine.project.TenantServices;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ProjectServices} plugs into the engine, with and without tenant events. */
class SqliteProjectServicesTest extends StoreTestBase {
    private static final ChannelRules CONFIGURED = new ChannelRules(ChannelConfig.defaults());

    @TempDir
    Path dir;
    /** The tenant events each occupancy was made over. */
    private final List<TenantEvents> occupancies = new CopyOnWriteArrayList<>();

    @Override
    protected DatabaseUrl newDatabase() {
        return DatabaseUrl.sqlite(dir);
    }

    private ProjectServices start(Function<ControlPlaneStore, TenantEvents> events) {
        return ProjectServices.start(new ProjectServices.Setup(store, ProxyTargets.publicOnly(), LimitSettings.UNLIMITED,
                NamespaceSettingsContract.COMPILER, CONFIGURED, clock, "node-1", new SessionRegistry(), e -> {
                    occupancies.add(e);
                    return new LocalOccupancy(e, clock);
                }, events));
    }

    @Test
    void theEngineGetsTheWebhooksAndEveryProjectService() {
        try (ProjectServices services = start(null)) {
            TenantServices t = services.tenants();
            assertThat(t.events()).as("a server's tenant events are its webhooks").isSameAs(services.webhooks());
            assertThat(occupancies).containsExactly(services.webhooks());
            assertThat(t.occupancy()).isInstanceOf(LocalOccupancy.class);
            assertThat(t.limits()).isSameAs(services.limiter());
            assertThat(t.usage()).isSameAs(services.usage().counters());
            assertThat(t.namespaces()).isInstanceOf(ProjectNamespaceIndex.class);
        }
    }

    @Test
    void withoutTenantEventsNoOccupancyIsTracked() {
        try (ProjectServices services = start(s -> TenantEvents.NONE)) {
            assertThat(services.tenants().events()).isSameAs(TenantEvents.NONE);
            assertThat(services.tenants().occupancy()).isSameAs(ChannelOccupancy.NONE);
            assertThat(occupancies).isEmpty();
            assertThat(services.tenants().limits()).isSameAs(services.limiter());
        }
    }
}
