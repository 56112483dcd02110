package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.ControlPlaneException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    @Test
    void whenThreadsAndQueueAreFullWorkIsRefusedAtOnceWithBusy() throws Exception {
        try (HashingPool pool = new HashingPool(new HashingPool.Size(1, 1))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<String> first = pool.submit(() -> {
                running.countDown();
                await(release);
                return "first";
            }).toCompletableFuture();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> queued = pool.submit(() -> "queued").toCompletableFuture();
            CompletableFuture<String> refused = pool.submit(() -> "refused").toCompletableFuture();
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.BUSY);
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    });
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
            assertThat(pool.submit(() -> "again").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("again");
        }
    }

    @Test
    void theDefaultSizeUsesAtMostHalfTheCores() {
        HashingPool.Size s = HashingPool.Size.forThisMachine();
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(s.threads()).isBetween(1, Math.max(1, cores / 2));
        assertThat(s.queue()).isEqualTo(4 * s.threads());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
