package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed escapes in a form (found by the console fuzzer): a 400 page, not an exception out of the route. */
class FormEncodingTest {

    @Test
    void aMalformedEscapeIsRefusedWith400() {
        for (String body : new String[] {"email=a% 0b", "name=%", "name=%zz", "a=%E"}) {
            assertThatThrownBy(() -> Form.parse(body)).isInstanceOfSatisfying(Form.Refused.class,
                    e -> assertThat(e.status).isEqualTo(400));
        }
        assertThat(Form.parse("name=%C3%A9").get("name")).isEqualTo("é");
    }

    @Test
    void theConsoleAnswersAMalformedFormWithABadRequestPage(@TempDir Path dir) throws Exception {
        try (ConsoleHarness h = new ConsoleHarness(dir)) {
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/signup",
                    Unpooled.copiedBuffer("email=new% 0example.com&password=x", StandardCharsets.UTF_8));
            req.headers().set("Content-Type", "application/x-www-form-urlencoded");
            try {
                FullHttpResponse resp = h.console.handle(req, "/signup").toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertThat(resp.status().code()).isEqualTo(400);
                resp.release();
            } finally {
                req.release();
            }
        }
    }
}
