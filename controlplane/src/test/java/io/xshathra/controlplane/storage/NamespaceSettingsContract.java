package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ControlPlaneException.Reason;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.NamespaceCompiler;
import io.xshathra.controlplane.NamespaceSet;
import io.xshathra.controlplane.NamespaceSettings;
import io.xshathra.controlplane.ProjectIndexLoader;
import io.xshathra.controlplane.ProjectNamespaceIndex;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.testkit.Await;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link NamespaceSettings} contract (a project's own namespaces), run against every database. */
public abstract class NamespaceSettingsContract extends ProjectStoreTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChannelRules CONFIGURED = new ChannelRules(ChannelConfig.defaults());

    /**
     * A small stand-in for the server's reader (which lives in the server module): it knows
     * {@code presence} and {@code history_size}; the server's tests check the real rules.
     */
    static final NamespaceCompiler COMPILER = new NamespaceCompiler() {
        @Override
        public String check(String name, String optionsJson) {
            try {
                JsonNode n = JSON.readTree(optionsJson);
                if (!n.isObject()) {
                    throw new ControlPlaneException(Reason.INVALID_ARGUMENT, "options: must be a JSON object");
                }
                n.fieldNames().forEachRemaining(k -> {
                    if (!Set.of("presence", "history_size").contains(k)) {
                        throw new ControlPlaneException(Reason.INVALID_ARGUMENT, k + ": unknown option");
                    }
                });
                return n.toString();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ControlPlaneException(Reason.INVALID_ARGUMENT, "options: not valid JSON");
            }
        }

        @Override
        public ChannelRules compile(Map<String, String> namespaces) {
            Map<String, ChannelOptions> out = new LinkedHashMap<>();
            namespaces.forEach((name, json) -> {
                ChannelOptions.Builder b = ChannelOptions.builder();
                b.presence = json.contains("\"presence\":true");
                out.put(name, b.build());
            });
            ChannelConfig base = ChannelConfig.defaults();
            return new ChannelRules(base.withNamespaces(base.withoutNamespace(), out));
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("chat", "{\"presence\":true}");
        }
    };

    private NamespaceSettings namespaces;
    private String owner;

    @Override
    protected ControlPlaneStore.Options options() {
        return super.options().withNamespaces(COMPILER);
    }

    @BeforeEach
    void project() {
        namespaces = store.projects().namespaces();
        owner = project.project().ownerId();
    }

    @Test
    void aNewProjectStartsWithACopyOfTheDefaults() {
        NamespaceSet s = await(namespaces.of(id()));
        assertThat(s.own()).isTrue();
        assertThat(s.namespaces()).containsExactly(Map.entry("chat", "{\"presence\":true}"));
    }

    @Test
    void setReplaceAndRemoveOneNamespace() {
        assertThat(await(namespaces.set(id(), "game", " {\"history_size\": 5} ")).namespaces())
                .containsEntry("game", "{\"history_size\":5}").containsKey("chat");
        assertThat(await(namespaces.set(id(), "game", "{\"presence\":true}")).namespaces())
                .containsEntry("game", "{\"presence\":true}");
        assertThat(await(namespaces.remove(id(), "chat")).namespaces()).containsOnlyKeys("game");
        assertThat(await(namespaces.remove(id(), "game")).namespaces()).isEmpty();
        assertThat(await(namespaces.of(id())).own()).as("an empty list is still the project's own").isTrue();
    }

    @Test
    void namesOptionsSizesAndCountsAreBounded() {
        assertRefused(() -> await(namespaces.set(id(), "x", "{}")), Reason.INVALID_NAME, "must match");
        assertRefused(() -> await(namespaces.set(id(), "bad name", "{}")), Reason.INVALID_NAME, "must match");
        assertRefused(() -> await(namespaces.set(id(), "n".repeat(65), "{}")), Reason.INVALID_NAME, "64");
        assertRefused(() -> await(namespaces.set(id(), "game", "{\"wrong\":1}")), Reason.INVALID_ARGUMENT,
                "wrong: unknown option");
        String huge = "{\"presence\":true" + " ".repeat(NamespaceSettings.MAX_OPTIONS_BYTES) + "}";
        assertRefused(() -> await(namespaces.set(id(), "game", huge)), Reason.INVALID_ARGUMENT, "at most");
        for (int i = 1; i < NamespaceSettings.MAX_NAMESPACES; i++) {
            await(namespaces.set(id(), "ns" + i, "{}"));
        }
        assertThat(await(namespaces.of(id())).namespaces()).hasSize(NamespaceSettings.MAX_NAMESPACES);
        assertRefused(() -> await(namespaces.set(id(), "one-more", "{}")), Reason.INVALID_ARGUMENT, "at most 100");
        await(namespaces.set(id(), "ns1", "{\"presence\":true}")); // replacing is not adding
    }

    @Test
    void unknownProjectsAndNamespacesAreNotFound() {
        assertRefused(() -> await(namespaces.of("proj_nope")), Reason.NOT_FOUND, "no such project");
        assertRefused(() -> await(namespaces.set("proj_nope", "game", "{}")), Reason.NOT_FOUND, "no such project");
        assertRefused(() -> await(namespaces.remove(id(), "game")), Reason.NOT_FOUND, "no namespace");
    }

    @Test
    void aProjectFromBeforeNamespacesGetsTheDefaultsAndKeepsThemOnItsFirstChange() throws Exception {
        CreatedProject old = await(store.projects().create(owner, "older"));
        String oldId = old.project().id();
        // As a project created before migration V5 is: no list of its own.
        store.database().write(c -> {
            Database.update(c, "delete from project_namespaces where project_id = ?", oldId);
            return Database.update(c, "delete from project_namespace_sets where project_id = ?", oldId);
        });
        NamespaceSet before = await(namespaces.of(oldId));
        assertThat(before.own()).isFalse();
        assertThat(before.namespaces()).containsOnlyKeys("chat");
        assertThat(await(namespaces.set(oldId, "game", "{}")).namespaces()).containsOnlyKeys("chat", "game");

        store.database().write(c -> Database.update(c, "delete from project_namespace_sets where project_id = ?", oldId));
        assertThat(await(namespaces.adoptDefaults())).isEqualTo(1);
        assertThat(await(namespaces.adoptDefaults())).isZero();
        assertThat(await(namespaces.of(oldId)).own()).isTrue();
    }

    @Test
    void theIndexSharesTheConfiguredRulesAndFollowsChangesAndDeletions() {
        ProjectNamespaceIndex index = ProjectNamespaceIndex.create(namespaces, COMPILER, CONFIGURED);
        ProjectIndexLoader.start(store.events(), index);
        assertThat(index.rules(id())).as("equal to the defaults: the configured rules").isSameAs(CONFIGURED);
        await(namespaces.set(id(), "game", "{\"presence\":true}"));
        ChannelRules mine = index.rules(id());
        assertThat(mine.resolve("game:1")).as("at once after the change").isNotNull();
        assertThat(mine.resolve("game:1").options().presence()).isTrue();
        assertThat(index.customised()).isEqualTo(1);
        await(store.projects().delete(id()));
        Await.until(() -> index.rules(id()) == null, "a deleted project's rules dropped");
    }
}
