package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.limits.ProjectLimitIndex;
import io.xshathra.controlplane.limits.ProjectLimitStore;
import io.xshathra.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ProjectLimitStore} contract (a project's own limits), run against every database. */
public abstract class ProjectLimitsContract extends ProjectStoreTestBase {

    private ProjectLimitStore limits;

    @BeforeEach
    void project() {
        limits = store.limits();
    }

    @Test
    void aNewProjectHasNoOverrides() {
        assertThat(await(limits.of(id()))).isEqualTo(LimitOverrides.NONE);
        assertThat(await(limits.all())).isEmpty();
    }

    @Test
    void setMergesResetDropsAndZeroIsKept() {
        assertThat(await(limits.set(id(), new LimitOverrides(10, null, null))))
                .isEqualTo(new LimitOverrides(10, null, null));
        assertThat(await(limits.set(id(), new LimitOverrides(null, 0, 4096))))
                .as("named limits replaced, the others kept; 0 stored as no limit for this project")
                .isEqualTo(new LimitOverrides(10, 0, 4096));
        assertThat(await(limits.of(id()))).isEqualTo(new LimitOverrides(10, 0, 4096));
        assertThat(await(limits.all())).containsOnlyKeys(id());
        assertThat(await(limits.reset(id()))).isEqualTo(LimitOverrides.NONE);
        assertThat(await(limits.of(id()))).isEqualTo(LimitOverrides.NONE);
        assertThat(await(limits.all())).isEmpty();
    }

    @Test
    void anUnknownProjectIsNotFoundAndNegativeValuesAreRefused() {
        assertThatThrownBy(() -> await(limits.set("proj_missing", new LimitOverrides(1, null, null))))
                .isInstanceOfSatisfying(ControlPlaneException.class,
                        e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> await(limits.of("proj_missing"))).isInstanceOf(ControlPlaneException.class);
        assertThatThrownBy(() -> new LimitOverrides(-1, null, null))
                .isInstanceOfSatisfying(ControlPlaneException.class,
                        e -> assertThat(e.getMessage()).contains("max_connections"));
    }

    @Test
    void deletingTheProjectDropsItsLimits() {
        await(limits.set(id(), new LimitOverrides(5, 5, 5)));
        assertThat(await(store.projects().delete(id()))).isTrue();
        assertThat(await(limits.all())).isEmpty();
    }

    @Test
    void theIndexFollowsChangesMadeHereAndElsewhere() {
        LimitSettings defaults = new LimitSettings(100, 0, 65536);
        ProjectLimitIndex index = ProjectLimitIndex.create(limits, defaults);
        ProjectIndexLoader.start(store.events(), index);
        assertThat(index.of(id())).isEqualTo(defaults);
        await(limits.set(id(), new LimitOverrides(2, 50, null)));
        assertThat(index.of(id())).as("a change through this process, at once").isEqualTo(new LimitSettings(2, 50, 65536));

        try (ControlPlaneStore other = ControlPlaneStore.open(url, options(), ROOMY)) {
            await(other.limits().set(id(), new LimitOverrides(0, null, null)));
            Await.until(Duration.ofSeconds(4), () -> index.of(id()).maxConnections() == 0,
                    "another process's change through the feed");
            await(other.limits().reset(id()));
            Await.until(Duration.ofSeconds(4), () -> index.of(id()).equals(defaults), "another process's reset");
        }
    }
}
