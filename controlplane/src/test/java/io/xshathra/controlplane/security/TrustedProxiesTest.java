package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 1234);
    }

    private static String client(TrustedProxies p, String peer, String... xff) {
        return TrustedProxies.throttleKey(p.client(peer(peer), List.of(xff)));
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        assertThat(client(TrustedProxies.NONE, "192.0.2.1", "198.51.100.7")).isEqualTo("192.0.2.1");
        assertThat(TrustedProxies.NONE.client(null, List.of())).isNull();
        assertThat(TrustedProxies.throttleKey(null)).isEqualTo("unknown");
    }

    @Test
    void theRightMostUntrustedForwardedAddressIsTheClient() {
        TrustedProxies p = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));
        assertThat(client(p, "10.1.2.3", "1.1.1.1, 198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(client(p, "10.1.2.3", "198.51.100.7, 10.9.9.9")).isEqualTo("198.51.100.7");
        assertThat(client(p, "10.1.2.3", "1.1.1.1", "198.51.100.8")).isEqualTo("198.51.100.8");
        assertThat(client(p, "::1", "2001:db8::1")).isEqualTo("2001:db8::/64");
        assertThat(client(p, "10.1.2.3", "evil.example")).isEqualTo("10.1.2.3");
        assertThat(client(p, "10.1.2.3", "198.51.100.7:5123")).as("with a port").isEqualTo("198.51.100.7");
        assertThat(client(p, "10.1.2.3", "[2001:db8:5::1]:443")).isEqualTo("2001:db8:5::/64");
        assertThat(client(p, "10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(client(p, "192.0.2.1", "198.51.100.7")).as("untrusted peer").isEqualTo("192.0.2.1");
    }

    @Test
    void rangesMatchByPrefix() throws Exception {
        TrustedProxies p = TrustedProxies.parse(List.of("172.16.0.0/12", "fd00::/8", "192.0.2.5"));
        assertThat(p.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(p.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(p.contains(InetAddress.getByName("fdab::1"))).isTrue();
        assertThat(p.contains(InetAddress.getByName("fe00::1"))).isFalse();
        assertThat(p.contains(InetAddress.getByName("192.0.2.5"))).isTrue();
        assertThat(p.contains(InetAddress.getByName("::ffff:192.0.2.5"))).as("IPv4-mapped").isTrue();
        assertThat(p.contains(InetAddress.getByName("192.0.2.6"))).isFalse();
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() throws Exception {
        assertThat(TrustedProxies.throttleKey(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
                .isEqualTo(TrustedProxies.throttleKey(InetAddress.getByName("2001:db8:1:2:bbbb::2")))
                .isNotEqualTo(TrustedProxies.throttleKey(InetAddress.getByName("2001:db8:1:3::1")));
        assertThat(TrustedProxies.throttleKey(InetAddress.getByName("::ffff:198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @Test
    void hostNamesAndBadRangesAreRefused() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.internal"))).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/x"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("300.1.1.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrustedProxies.parse(List.of()).isEmpty()).isTrue();
    }
}
