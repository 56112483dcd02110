package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackTest {

    @Test
    void addressesAreOnLoopbackAtTheDefaultPaths() {
        assertThat(Loopback.wsUrl(1234)).isEqualTo("ws://127.0.0.1:1234/realtime/connection/websocket");
        assertThat(Loopback.apiUrl(1234)).isEqualTo("http://127.0.0.1:1234/realtime/api");
        assertThat(Loopback.url(1234, "/health")).isEqualTo("http://127.0.0.1:1234/health");
    }
}
