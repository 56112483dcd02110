package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No Redis password survives {@link Redaction}, the options' descriptions or an address error. */
class RedactionTest {
    private static final String PW = "s3cr3t-Pa55";

    @Test
    void addressesKeepTheUserButNotThePassword() {
        assertThat(Redaction.address("redis://user:" + PW + "@10.0.0.1:6379/2"))
                .isEqualTo("redis://user:***@10.0.0.1:6379/2");
        assertThat(Redaction.address("rediss://:" + PW + "@cache.example:6380")).isEqualTo("rediss://:***@cache.example:6380");
        assertThat(Redaction.address("redis://" + PW + "@h:1")).isEqualTo("redis://***@h:1");
        assertThat(Redaction.address("redis://h:1?password=" + PW + "&db=1")).isEqualTo("redis://h:1?password=***&db=1");
        assertThat(Redaction.address("127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
        assertThat(Redaction.address("unix:///run/redis.sock")).isEqualTo("unix:///run/redis.sock");
    }

    @Test
    void freeTextMasksEveryUriInIt() {
        String text = "cannot parse redis://a:" + PW + "@x:1, also redis-sentinel://:" + PW + "@s:26379 and "
                + "redis://plain:6379";
        assertThat(Redaction.text(text)).doesNotContain(PW).contains("redis://a:***@x:1")
                .contains("redis-sentinel://:***@s:26379").contains("redis://plain:6379");
        assertThat(Redaction.text(null)).isNull();
    }

    @Test
    void descriptionsAndToStringHideEveryPassword() {
        RedisEngineOptions standalone = RedisEngineOptions.standalone(
                List.of("redis://u:" + PW + "@a:6379", "redis://:" + PW + "@b:6379"), "p");
        RedisEngineOptions withSecrets = new RedisEngineOptions(List.of(), List.of(),
                List.of("redis://:" + PW + "@s1:26379", "s2:26379"), "mymaster", "p", Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(4), 0, "u", PW, PW, Duration.ofSeconds(1), Duration.ofSeconds(5));
        RedisEngineOptions cluster = new RedisEngineOptions(List.of(), List.of("redis://:" + PW + "@c1:7000"), List.of(),
                "", "p", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(4), 0, "", "", "",
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        for (RedisEngineOptions o : List.of(standalone, withSecrets, cluster)) {
            assertThat(o.describe()).doesNotContain(PW);
            assertThat(o.toString()).doesNotContain(PW);
        }
        assertThat(standalone.describe()).isEqualTo("Redis redis://u:***@a:6379,redis://:***@b:6379 (engine.redis.address)");
        assertThat(withSecrets.toString()).contains("password=***", "sentinelPassword=***");
    }

    @Test
    void anUnparsableAddressIsReportedWithoutItsPassword() {
        RedisEngineOptions o = RedisEngineOptions.standalone(List.of("x"), "p");
        // Lettuce's own message quotes the URI with its password
        assertThatThrownBy(() -> RedisUris.parse("redis://u:" + PW + "@[::1", o))
                .isInstanceOf(IllegalArgumentException.class).hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).contains("redis://u:***@[::1").doesNotContain(PW));
    }

    @Test
    void sentinelAddressesWithUserInformationNameTheHostOnly() {
        RedisEngineOptions o = new RedisEngineOptions(List.of(), List.of(), List.of("redis://:" + PW + "@s1:26380"),
                "mymaster", "p", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(4), 0, "", "", "",
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        var uri = RedisUris.sentinel(o);
        assertThat(uri.getSentinels()).singleElement().satisfies(s -> {
            assertThat(s.getHost()).isEqualTo("s1");
            assertThat(s.getPort()).isEqualTo(26380);
        });
        assertThat(uri.toString()).doesNotContain(PW);
    }
}
