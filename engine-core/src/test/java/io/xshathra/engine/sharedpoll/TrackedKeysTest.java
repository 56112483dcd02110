package io.xshathra.engine.sharedpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.sharedpoll.TrackedKeys.Item;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.TrackBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One connection's tracked keys: flattening, the key bound, the version rule and expiry. */
class TrackedKeysTest {

    private static TrackBatch batch(String sig, Object... keyVersion) {
        TrackBatch.Builder b = TrackBatch.newBuilder().setSignature(sig);
        for (int i = 0; i < keyVersion.length; i += 2) {
            b.addItems(KeyedItem.newBuilder().setKey((String) keyVersion[i]).setVersion((Integer) keyVersion[i + 1]));
        }
        return b.build();
    }

    @Test
    void aRepeatedKeyTakesItsLastVersionAndBatch() {
        List<Item> flat = TrackedKeys.flatten(List.of(batch("a", "k1", 1, "k2", 2), batch("b", "k1", 7)));
        assertThat(flat).containsExactly(new Item("k1", 7, 1), new Item("k2", 2, 0));
        TrackedKeys t = new TrackedKeys();
        t.track(flat, new long[] {300, 200});
        assertThat(t.version("k1")).isEqualTo(7);
        assertThat(t.expire(206, 5)).as("k1 came with batch 1 (exp 200)").containsExactly("k1");
        assertThat(t.expire(206, 5)).isEmpty();
        assertThat(t.keys()).containsExactly("k2");
    }

    @Test
    void theBoundCountsDistinctKeysNetOfInlineUntrack() {
        TrackedKeys t = new TrackedKeys();
        t.track(List.of(new Item("a", 0, 0), new Item("b", 0, 0)), new long[] {0});
        List<Item> more = List.of(new Item("b", 0, 0), new Item("c", 0, 0));
        assertThat(t.fits(more, List.of(), 3)).as("a, b, c").isTrue();
        assertThat(t.fits(more, List.of(), 2)).isFalse();
        assertThat(t.fits(more, List.of("a"), 2)).as("a leaves").isTrue();
        assertThat(t.fits(more, List.of("c"), 2)).as("c is untracked at once").isTrue();
        assertThat(t.fits(more, List.of("zz"), 2)).as("an unknown key frees nothing").isFalse();
    }

    @Test
    void onlyAHigherVersionIsDeliveredAndTheHeldVersionNeverGoesDown() {
        TrackedKeys t = new TrackedKeys();
        t.track(List.of(new Item("k", 5, 0)), new long[] {0});
        assertThat(t.offer("k", 5)).isFalse();
        assertThat(t.offer("k", 6)).isTrue();
        assertThat(t.offer("k", 6)).isFalse();
        assertThat(t.offer("k", 3)).isFalse();
        assertThat(t.version("k")).isEqualTo(6);
        assertThat(t.offer("other", 9)).as("not tracked").isFalse();
    }

    @Test
    void untrackIgnoresKeysThatAreNotTrackedAndExpiryZeroNeverExpires() {
        TrackedKeys t = new TrackedKeys();
        t.track(List.of(new Item("k", 0, 0)), new long[] {0});
        assertThat(t.untrack(List.of("x", "k"))).containsExactly("k");
        assertThat(t.size()).isZero();
        t.track(List.of(new Item("k", 0, 0)), new long[] {0});
        assertThat(t.expire(Long.MAX_VALUE / 2, 25)).isEmpty();
        assertThat(t.tracks("k")).isTrue();
    }
}
