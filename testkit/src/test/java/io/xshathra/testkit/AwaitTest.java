package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Duration took = Await.until(Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3, "three polls");
        assertThat(polls).hasValue(3);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void untilFailsAtTheDeadlineNamingWhatWasAwaited() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), () -> false, "the moon turns blue"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within 100 ms: the moon turns blue");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void untilSeesAChangeMadeByAnotherThread() {
        AtomicBoolean flag = new AtomicBoolean();
        CompletableFuture.runAsync(() -> flag.set(true));
        Await.until(flag::get, "the flag set elsewhere");
        assertThat(flag).isTrue();
    }

    @Test
    void holdsWithinTellsWhetherTheConditionHeldInTime() {
        AtomicInteger polls = new AtomicInteger();
        assertThat(Await.holdsWithin(Duration.ofSeconds(5), () -> polls.incrementAndGet() == 2)).isTrue();
        assertThat(Await.holdsWithin(Duration.ofMillis(50), () -> false)).isFalse();
    }

    @Test
    void quietForPassesWhenNothingHappensAndFailsAsSoonAsItDoes() {
        long start = System.nanoTime();
        Await.quietFor(Duration.ofMillis(100), () -> false, "nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));

        AtomicInteger polls = new AtomicInteger();
        assertThatThrownBy(() -> Await.quietFor(Duration.ofSeconds(30), () -> polls.incrementAndGet() > 2, "a drop"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected not within 30000 ms: a drop");
    }

    @Test
    void paceLetsTheIntervalPassAndIgnoresANegativeOne() {
        long start = System.nanoTime();
        Await.pace(Duration.ofMillis(30), "a deliberately slow client");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        Await.pace(Duration.ofMillis(-5), "already late");
    }

    @Test
    void takeAndGetReturnWhatArrivesOrFailNamingIt() throws Throwable {
        LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
        q.add("x");
        assertThat(Await.take(q, "an element")).isEqualTo("x");
        assertThatThrownBy(() -> Await.take(q, Duration.ofMillis(20), "a second element"))
                .isInstanceOf(AssertionError.class).hasMessage("not within 20 ms: a second element");

        assertThat(Await.get(CompletableFuture.completedFuture(7), "seven")).isEqualTo(7);
        assertThatThrownBy(() -> Await.get(new CompletableFuture<>(), Duration.ofMillis(20), "a reply"))
                .isInstanceOf(AssertionError.class).hasMessage("not within 20 ms: a reply");
        assertThatThrownBy(() -> Await.get(CompletableFuture.failedFuture(new IllegalStateException("boom")), "x"))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }
}
