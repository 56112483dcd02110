package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.testkit.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlidTest {

    @Test
    void aUlidIs26CrockfordCharactersWithTheTimeFirst() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.123Z"));
        String id = new Ulid(clock, new SecureRandom()).next();
        assertThat(id).hasSize(26).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(Ulid.isValid(id)).isTrue();
        assertThat(Ulid.timestamp(id)).isEqualTo(clock.millis());
    }

    @Test
    void encodingMatchesTheSpecificationsExample() {
        // time 1469918176385 is 01ARYZ6S41 in the ULID specification's example
        assertThat(Ulid.encode(1469918176385L, 0, 0)).isEqualTo("01ARYZ6S410000000000000000");
        assertThat(Ulid.encode((1L << 48) - 1, 0xFFFF, -1L)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(Ulid.encode(0, 0, 1)).isEqualTo("00000000000000000000000001");
        // bit 64 of the random part is 2^64 = 16 * 32^12: the value 16 ("G") thirteen places from the right
        assertThat(Ulid.encode(0, 1, 0)).isEqualTo("0000000000000G000000000000");
    }

    @Test
    void idsSortInCreationOrderEvenWithinOneMillisecond() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Ulid ulid = new Ulid(clock, new SecureRandom());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(ulid.next());
            if (i % 100 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        clock.advance(Duration.ofSeconds(-10)); // a clock stepping back does not break the order
        String after = ulid.next();
        assertThat(after).isGreaterThan(ids.get(ids.size() - 1));
    }

    @Test
    void theProcessGeneratorIsUniqueAcrossThreads() throws Exception {
        java.util.Set<String> all = java.util.Collections.synchronizedSet(new HashSet<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    all.add(Ulid.generator().next());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).hasSize(20_000);
    }

    @Test
    void prefixedIdsAndValidation() {
        assertThat(Ids.project()).startsWith("proj_").hasSize(31);
        assertThat(Ids.account()).startsWith("acct_");
        assertThat(Ids.session()).startsWith("sess_");
        assertThat(Ids.isValid(Ids.PROJECT, Ids.project())).isTrue();
        assertThat(Ids.isValid(Ids.PROJECT, Ids.account())).isFalse();
        assertThat(Ulid.isValid("8ZZZZZZZZZZZZZZZZZZZZZZZZZ")).as("time beyond 48 bits").isFalse();
        assertThat(Ulid.isValid("01ARYZ6S41000000000000000I")).as("I is not Crockford").isFalse();
        assertThat(Ulid.isValid("01ARYZ6S41")).isFalse();
        assertThat(Ulid.isValid(null)).isFalse();
    }
}
