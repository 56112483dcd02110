package io.xshathra.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The translation both route adapters use: nothing of a request or response is lost or reordered. */
class NettyHttpTest {

    private static ResourceLeakDetector.Level previous;

    @BeforeAll
    static void paranoid() {
        previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restore() {
        ResourceLeakDetector.setLevel(previous);
    }

    @Test
    void aRequestIsCopiedWithItsHeadersInOrder() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/login?next=%2Fx",
                Unpooled.copiedBuffer("email=a%40b.c", StandardCharsets.UTF_8));
        req.headers().add("Host", "console.test").add("Cookie", "xs_form=aaaaaaaaaaaaaaaaaaaa")
                .add("X-Forwarded-For", "10.0.0.1").add("cookie", "xs_session=bbbbbbbbbbbbbbbbbbbb")
                .add("X-Forwarded-For", "10.0.0.2");
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);
        WebRequest r = NettyHttp.request(req, "/login", peer);
        assertThat(req.release()).as("the router may release the request at once").isTrue();

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).isEqualTo("/login?next=%2Fx");
        assertThat(r.path()).isEqualTo("/login");
        assertThat(r.rawQuery()).isEqualTo("next=%2Fx");
        assertThat(r.peer()).isEqualTo(peer);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("email=a%40b.c");
        List<String> names = new ArrayList<>();
        r.headers().forEach((n, v) -> names.add(n));
        assertThat(names).containsExactly("Host", "Cookie", "X-Forwarded-For", "cookie", "X-Forwarded-For");
        assertThat(r.headers().getAll("x-forwarded-for")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(r.cookies("xs_form")).containsExactly("aaaaaaaaaaaaaaaaaaaa");
        assertThat(r.cookies("xs_session")).containsExactly("bbbbbbbbbbbbbbbbbbbb");
        assertThat(r.header("HOST")).isEqualTo("console.test");
    }

    @Test
    void aResponseGoesOnTheWireAsBuilt() {
        WebResponse r = WebResponse.of(HttpStatus.SEE_OTHER, null, new byte[0]);
        r.headers().set("Content-Security-Policy", "default-src 'self'").set("cache-control", "no-store")
                .set(WebResponse.LOCATION, "/dashboard")
                .add(WebResponse.SET_COOKIE, "xs_session=s; Path=/").add(WebResponse.SET_COOKIE, "xs_form=; Max-Age=0")
                .set("cache-control", "private");

        assertThat(wire(NettyHttp.response(r))).isEqualTo("HTTP/1.1 303 See Other\r\n"
                + "content-length: 0\r\n"
                + "Content-Security-Policy: default-src 'self'\r\n"
                + "location: /dashboard\r\n"
                + "set-cookie: xs_session=s; Path=/\r\n"
                + "set-cookie: xs_form=; Max-Age=0\r\n"
                + "cache-control: private\r\n"
                + "\r\n");
    }

    @Test
    void aBodyAndItsTypeAreKept() {
        byte[] body = "{\"error\":{\"code\":\"x\",\"message\":\"é\"}}".getBytes(StandardCharsets.UTF_8);
        WebResponse r = WebResponse.json(HttpStatus.TOO_MANY_REQUESTS, body);
        r.headers().set(WebResponse.RETRY_AFTER, 7L);
        FullHttpResponse out = NettyHttp.response(r);
        assertThat(wire(out)).isEqualTo("HTTP/1.1 429 Too Many Requests\r\n"
                + "content-type: application/json\r\n"
                + "content-length: " + body.length + "\r\n"
                + "retry-after: 7\r\n"
                + "\r\n" + new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void everyStatusKeepsItsStandardReason() {
        for (int code : new int[] {200, 400, 401, 403, 404, 405, 413, 415, 500, 503}) {
            FullHttpResponse out = NettyHttp.response(WebResponse.empty(HttpStatus.of(code)));
            assertThat(out.status()).isEqualTo(io.netty.handler.codec.http.HttpResponseStatus.valueOf(code));
            out.release();
        }
    }

    /** The bytes Netty's encoder writes for the response (which it releases). */
    private static String wire(FullHttpResponse response) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder());
        assertThat(ch.writeOutbound(response)).isTrue();
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        assertThat(ch.finish()).isFalse();
        return out.toString();
    }
}
