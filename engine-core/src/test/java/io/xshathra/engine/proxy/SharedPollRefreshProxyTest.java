package io.xshathra.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared-poll refresh proxy over HTTP against a real backend: the body, the result and broken replies. */
class SharedPollRefreshProxyTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(4, 1024);

    @AfterEach
    void close() {
        http.close();
        backend.close();
    }

    private ProxyReply<ProxyResult.SharedPollRefresh> call(ProxyRequest.SharedPollRefresh req) {
        return http.call(backend.endpoint("poll", "/refresh", T), CallHeaders.NONE, req).toCompletableFuture().join();
    }

    @Test
    void sendsOnlyTheChannelAndItemsAndReadsChangedKeys() {
        backend.on("/refresh", """
                {"result": {"items": [{"key": "k1", "data": {"score": 42}, "version": 8, "prev_data": {"score": 41}},
                                      {"key": "k2", "removed": true}], "epoch": "e1"}}""");
        ProxyReply<ProxyResult.SharedPollRefresh> r = call(new ProxyRequest.SharedPollRefresh("poll:x",
                List.of(new Item("k1", 7), new Item("k2", 0))));
        assertThat(backend.next().body().toString())
                .isEqualTo("{\"channel\":\"poll:x\",\"items\":[{\"key\":\"k1\",\"version\":7},{\"key\":\"k2\"}]}");
        ProxyResult.SharedPollRefresh res = r.result();
        assertThat(res.epoch()).isEqualTo("e1");
        assertThat(res.items()).hasSize(2);
        ProxyResult.PollItem k1 = res.items().get(0);
        assertThat(k1.key()).isEqualTo("k1");
        assertThat(new String(k1.data(), StandardCharsets.UTF_8)).isEqualTo("{\"score\":42}");
        assertThat(k1.version()).isEqualTo(8);
        assertThat(new String(k1.prevData(), StandardCharsets.UTF_8)).isEqualTo("{\"score\":41}");
        assertThat(res.items().get(1).removed()).isTrue();
        assertThat(res.items().get(1).data()).isNull();
    }

    @Test
    void anEmptyOrNullResultMeansNoChangeAndAnErrorIsReported() {
        backend.on("/refresh", "{\"result\": null}");
        assertThat(call(new ProxyRequest.SharedPollRefresh("poll:x", List.of(new Item("k", 0)))).result()).isNull();
        backend.next();
        backend.on("/refresh", "{\"error\": {\"code\": 1000, \"message\": \"down\"}}");
        ProxyReply<ProxyResult.SharedPollRefresh> err = call(new ProxyRequest.SharedPollRefresh("poll:x",
                List.of(new Item("k", 0))));
        assertThat(err.error().code()).isEqualTo(1000);
    }

    @Test
    void brokenItemsAreAMalformedReply() {
        for (String body : List.of("{\"result\": {\"items\": {}}}", "{\"result\": {\"items\": [1]}}",
                "{\"result\": {\"items\": [{\"key\": \"k\", \"version\": -1}]}}",
                "{\"result\": {\"items\": [{\"key\": 5}]}}")) {
            backend.on("/refresh", body);
            Throwable t = catchThrowable(() -> call(new ProxyRequest.SharedPollRefresh("poll:x",
                    List.of(new Item("k", 0)))));
            assertThat(t).as(body).isInstanceOf(CompletionException.class);
            assertThat(((ProxyException) t.getCause()).reason()).isEqualTo(ProxyException.Reason.MALFORMED);
        }
    }
}
