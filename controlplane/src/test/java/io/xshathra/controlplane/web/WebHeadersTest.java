package io.xshathra.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header order: {@code set} and {@code add} leave fields where Netty's own headers left them. */
class WebHeadersTest {

    @Test
    void setMovesTheFieldToTheEndLikeNettysHeaders() {
        WebHeaders ours = new WebHeaders();
        HttpHeaders netty = new DefaultHttpHeaders();
        String[][] ops = {{"set", "content-type", "text/html"}, {"set", "content-length", "10"},
                {"add", "set-cookie", "a=1"}, {"set", "X-Frame-Options", "DENY"}, {"add", "Set-Cookie", "b=2"},
                {"set", "Content-Type", "text/plain"}, {"set", "retry-after", "5"}, {"add", "set-cookie", "c=3"}};
        for (String[] op : ops) {
            if (op[0].equals("set")) {
                ours.set(op[1], op[2]);
                netty.set(op[1], op[2]);
            } else {
                ours.add(op[1], op[2]);
                netty.add(op[1], op[2]);
            }
        }
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, String> e : netty) {
            expected.add(e.getKey() + ": " + e.getValue());
        }
        List<String> actual = new ArrayList<>();
        ours.forEach((n, v) -> actual.add(n + ": " + v));
        assertThat(actual).isEqualTo(expected);
        assertThat(ours.getAll("SET-COOKIE")).isEqualTo(netty.getAll("set-cookie"));
        assertThat(ours.get("missing", "x")).isEqualTo("x");
        assertThat(ours.remove("set-cookie").contains("Set-Cookie")).isFalse();
    }
}
