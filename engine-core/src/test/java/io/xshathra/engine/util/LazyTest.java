package io.xshathra.engine.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Made once, on first use, whichever thread asks first. */
class LazyTest {

    @Test
    void makesNothingUntilAskedThenOnceForEveryThread() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        assertThat(made).hasValue(0);
        CountDownLatch go = new CountDownLatch(1);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(lazy.get());
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(made).hasValue(1);
        assertThat(seen).hasSize(8).allSatisfy(o -> assertThat(o).isSameAs(lazy.get()));
    }

    @Test
    void aNullValueIsRefused() {
        assertThatThrownBy(() -> new Lazy<>(() -> null).get()).isInstanceOf(NullPointerException.class);
    }
}
