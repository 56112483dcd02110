package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("25s")).isEqualTo(Duration.ofSeconds(25));
        assertThat(GoDuration.parse("1000ms")).isEqualTo(Duration.ofSeconds(1));
        assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofHours(720));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1h2m3s4ms5us6ns")).isEqualTo(
                Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4).plusNanos(5006));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("2\u00b5s")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(GoDuration.parse("+3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("0s")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "25", "s", "1x", "1.2.3s", "-", "1s2", "ten seconds", "99999999999999999999h"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
