package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TarpitTest {

    @Test
    void aRefusalIsAnsweredAfterTheDelayNotBefore() throws Exception {
        Tarpit tarpit = new Tarpit();
        WebResponse refusal = WebResponse.text(HttpStatus.TOO_MANY_REQUESTS, "wait");
        long start = System.nanoTime();
        CompletableFuture<WebResponse> out = tarpit.hold(refusal).toCompletableFuture();
        assertThat(out).isNotDone();
        assertThat(tarpit.held()).isEqualTo(1);
        assertThat(out.get(10, TimeUnit.SECONDS)).isSameAs(refusal);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Tarpit.DELAY.toNanos());
        assertThat(tarpit.held()).isZero();
    }

    @Test
    void pastTheBoundRefusalsAreAnsweredAtOnce() throws Exception {
        Tarpit tarpit = new Tarpit();
        List<CompletionStage<WebResponse>> held = new ArrayList<>();
        for (int i = 0; i < Tarpit.MAX_HELD; i++) {
            held.add(tarpit.hold(WebResponse.text(HttpStatus.TOO_MANY_REQUESTS, "wait")));
        }
        assertThat(held).noneMatch(s -> s.toCompletableFuture().isDone());
        CompletionStage<WebResponse> extra = tarpit.hold(WebResponse.text(HttpStatus.TOO_MANY_REQUESTS, "now"));
        assertThat(extra.toCompletableFuture()).isDone();
        for (CompletionStage<WebResponse> s : held) {
            s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(tarpit.held()).isZero();
    }
}
