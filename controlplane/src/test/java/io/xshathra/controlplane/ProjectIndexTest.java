package io.xshathra.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ProjectIndexTest {

    /** Entries are the slices themselves; an empty slice is the default. */
    private static final class Strings extends ProjectIndex<String, String> {
        Strings() {
            super("strings");
        }

        @Override
        public CompletionStage<Map<String, String>> readAll() {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public CompletionStage<String> read(String projectId) {
            return CompletableFuture.completedFuture("");
        }

        @Override
        protected String entry(String projectId, String slice) {
            return slice.isEmpty() ? null : slice;
        }

        String of(String projectId) {
            return entryOf(projectId);
        }
    }

    @Test
    void aReadThatStartedBeforeAChangeSavedHereDoesNotOverwriteIt() {
        Strings index = new Strings();
        long before = index.mark();
        index.saved("p1", "connect,rpc");
        assertThat(index.applyRead("p1", "connect", before)).isFalse();
        index.removeRead("p1", before);
        assertThat(index.of("p1")).isEqualTo("connect,rpc");

        long after = index.mark();
        assertThat(index.applyRead("p1", "connect,rpc,publish", after)).isTrue();
        assertThat(index.of("p1")).isEqualTo("connect,rpc,publish");
    }

    @Test
    void readsOfOtherProjectsAndChangesMadeElsewhereAreTaken() {
        Strings index = new Strings();
        long before = index.mark();
        index.saved("p1", "a");
        assertThat(index.applyRead("p2", "b", before)).isTrue();
        assertThat(index.of("p2")).isEqualTo("b");
        index.removeRead("p2", before);
        assertThat(index.of("p2")).isNull();
        index.remove("p1");
        assertThat(index.applyRead("p1", "c", before)).as("a removed project's saves are forgotten").isTrue();
        assertThat(index.size()).isEqualTo(1);
    }
}
