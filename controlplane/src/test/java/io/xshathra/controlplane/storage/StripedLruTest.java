package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StripedLruTest {

    @Test
    void neverHoldsMoreThanItsCapacityAndKeepsRecentlyUsedEntries() {
        StripedLru<Integer> lru = new StripedLru<>(StripedLru.STRIPES * 4);
        lru.putIf("keep", 0, () -> true);
        for (int i = 0; i < 10_000; i++) {
            lru.putIf("k" + i, i, () -> true);
            assertThat(lru.get("keep")).isZero();
            assertThat(lru.size()).isLessThanOrEqualTo(StripedLru.STRIPES * 4);
        }
        assertThat(lru.get("k9999")).isEqualTo(9999);
        assertThat(lru.get("k0")).as("the least recently used are gone").isNull();
        assertThat(lru.size()).isGreaterThan(StripedLru.STRIPES * 2);
    }

    @Test
    void putIfStoresOnlyWhileTheConditionHoldsAndRemoveIfDropsMatches() {
        StripedLru<String> lru = new StripedLru<>(100);
        assertThat(lru.putIf("a", "p1", () -> false)).isFalse();
        assertThat(lru.get("a")).isNull();
        assertThat(lru.putIf("a", "p1", () -> true)).isTrue();
        lru.putIf("b", "p2", () -> true);
        lru.putIf("c", "p1", () -> true);
        lru.removeIf("p1"::equals);
        assertThat(lru.get("a")).isNull();
        assertThat(lru.get("c")).isNull();
        assertThat(lru.get("b")).isEqualTo("p2");
        lru.clear();
        assertThat(lru.size()).isZero();
    }
}
