package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebRequest;
import io.xshathra.controlplane.web.WebResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Netty binding against its neutral handler: the same request gives the same
 * status, header fields in the same order (security headers, then cookies) and the same body.
 */
class ConsoleAdapterTest {

    private static final List<String> PAGE_HEADERS = List.of("content-type", "content-length",
            "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options",
            "Cross-Origin-Opener-Policy", "Permissions-Policy", "cache-control", "set-cookie");

    @Test
    void theAdapterAnswersAsTheHandlerDoes(@TempDir Path dir) throws Exception {
        try (ConsoleHarness h = new ConsoleHarness(dir)) {
            h.account("owner@example.com");
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/login?next=%2Fdashboard",
                    Unpooled.EMPTY_BUFFER);
            req.headers().set("Host", "console.test").set("Cookie", "theme=dark");
            InetSocketAddress peer = new InetSocketAddress("10.9.0.1", 40000);
            FullHttpResponse viaNetty = h.console.handle(req, "/login", peer).toCompletableFuture().get(30, TimeUnit.SECONDS);

            WebRequest neutral = new WebRequest("GET", "/login?next=%2Fdashboard", "/login",
                    new WebHeaders().add("Host", "console.test").add("Cookie", "theme=dark"), null, peer);
            WebResponse direct = h.console.handler().handle(neutral).toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(viaNetty.status().code()).isEqualTo(200).isEqualTo(direct.status().code());
            List<String> nettyNames = new ArrayList<>();
            for (Map.Entry<String, String> e : viaNetty.headers()) {
                nettyNames.add(e.getKey());
            }
            List<String> directNames = new ArrayList<>();
            direct.headers().forEach((n, v) -> directNames.add(n));
            assertThat(nettyNames).isEqualTo(PAGE_HEADERS).isEqualTo(directNames);
            assertThat(viaNetty.headers().get("Set-Cookie")).startsWith("xs_form=").endsWith("; HttpOnly; SameSite=Lax");
            String body = viaNetty.content().toString(StandardCharsets.UTF_8);
            // Each visitor gets a fresh form token, so the pages differ only there.
            assertThat(body.replaceAll("[A-Za-z0-9_-]{40,}", "T"))
                    .isEqualTo(direct.bodyText().replaceAll("[A-Za-z0-9_-]{40,}", "T"))
                    .contains("name=\"next\" value=\"/dashboard\"");
            viaNetty.release();
        }
    }

    @Test
    void aRedirectToSignInCarriesThePathEncoded(@TempDir Path dir) throws Exception {
        try (ConsoleHarness h = new ConsoleHarness(dir)) {
            WebResponse r = h.console.handler().handle(WebRequest.of("GET", "/projects/p_1/debug"))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(r.status().code()).isEqualTo(303);
            assertThat(r.headers().get("Location")).isEqualTo("/login?next=%2Fprojects%2Fp_1%2Fdebug");
        }
    }
}
