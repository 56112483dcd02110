package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    @Test
    void globsMatchCaseInsensitivelyAndNoOriginIsNotABrowser() {
        OriginCheck check = new OriginCheck(List.of("https://*.example.com", "http://localhost:*"));
        assertThat(check.allows(null)).isTrue();
        assertThat(check.allows("")).isTrue();
        assertThat(check.allows("https://App.Example.com")).isTrue();
        assertThat(check.allows("http://localhost:5173")).isTrue();
        assertThat(check.allows("https://example.com.evil.test")).isFalse();
        assertThat(new OriginCheck(List.of()).allows("http://localhost")).isFalse();
        assertThat(new OriginCheck(List.of("*")).allows("http://anything")).isTrue();
    }

    @Test
    void aLoggedOriginIsCutAndPrintable() {
        assertThat(OriginCheck.printable("http://a.test")).isEqualTo("\"http://a.test\"");
        assertThat(OriginCheck.printable("http://a\r\nWARN fake\"")).isEqualTo("\"http://a??WARN fake?\"");
        assertThat(OriginCheck.printable("x".repeat(500))).hasSize(203).endsWith("…\"");
    }
}
