package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.netty.HttpResponses;
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
        FullHttpResponse refusal = HttpResponses.text(HttpResponseStatus.TOO_MANY_REQUESTS, "wait");
        long start = System.nanoTime();
        CompletableFuture<FullHttpResponse> out = tarpit.hold(refusal).toCompletableFuture();
        assertThat(out).isNotDone();
        assertThat(tarpit.held()).isEqualTo(1);
        assertThat(out.get(10, TimeUnit.SECONDS)).isSameAs(refusal);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Tarpit.DELAY.toNanos());
        assertThat(tarpit.held()).isZero();
    }

    @Test
    void pastTheBoundRefusalsAreAnsweredAtOnce() throws Exception {
        Tarpit tarpit = new Tarpit();
        List<CompletionStage<FullHttpResponse>> held = new ArrayList<>();
        for (int i = 0; i < Tarpit.MAX_HELD; i++) {
            held.add(tarpit.hold(HttpResponses.text(HttpResponseStatus.TOO_MANY_REQUESTS, "wait")));
        }
        assertThat(held).noneMatch(s -> s.toCompletableFuture().isDone());
        CompletionStage<FullHttpResponse> extra = tarpit.hold(HttpResponses.text(HttpResponseStatus.TOO_MANY_REQUESTS, "now"));
        assertThat(extra.toCompletableFuture()).isDone();
        for (CompletionStage<FullHttpResponse> s : held) {
            s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(tarpit.held()).isZero();
    }
}
