package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlashTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Flash flash = new Flash(clock);

    @Test
    void aNewKeyIsShownOnceToItsSessionOnly() {
        flash.put("s1", "key:p", new Flash.NewKey("xs_sk_secret", false, null));
        assertThat(flash.take("s2", "key:p", Flash.NewKey.class)).isEmpty();
        assertThat(flash.take("s1", "key:other", Flash.NewKey.class)).isEmpty();
        assertThat(flash.take("s1", "key:p", Flash.NewKey.class)).map(Flash.NewKey::serverApiKey).contains("xs_sk_secret");
        assertThat(flash.take("s1", "key:p", Flash.NewKey.class)).isEmpty();
    }

    @Test
    void entriesExpire() {
        flash.put("s", "key:p", new Flash.NewKey("k", true, null));
        clock.advance(Flash.TTL);
        assertThat(flash.take("s", "key:p", Flash.NewKey.class)).isEmpty();
    }

    @Test
    void expiredEntriesAreDroppedAndTheStoreIsBounded() {
        flash.put("old", "notice", new Flash.Notice("x"));
        clock.advance(Flash.TTL.plus(Duration.ofSeconds(1)));
        flash.put("new", "notice", new Flash.Notice("y"));
        assertThat(flash.size()).isEqualTo(1);
        for (int i = 0; i < Flash.MAX_ENTRIES + 50; i++) {
            flash.put("s" + i, "notice", new Flash.Notice("n"));
        }
        assertThat(flash.size()).isEqualTo(Flash.MAX_ENTRIES);
    }

    @Test
    void aValueOfAnotherTypeIsLeftInPlace() {
        flash.put("s", "notice", new Flash.Notice("hello"));
        assertThat(flash.take("s", "notice", Flash.NewKey.class)).isEmpty();
        assertThat(flash.take("s", "notice", Flash.Notice.class)).map(Flash.Notice::text).contains("hello");
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(new Flash.NewKey("xs_sk_secret", false, null).toString()).doesNotContain("xs_sk_secret");
    }
}
