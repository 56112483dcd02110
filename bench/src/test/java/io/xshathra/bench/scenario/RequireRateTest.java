package io.xshathra.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.bench.report.Result;
import org.junit.jupiter.api.Test;

class RequireRateTest {

    @Test
    void aRunThatFellShortOfItsTargetFailsSayingByHowMuch() {
        Result shortRun = new Result();
        Scenario.requireRate(shortRun, 1000, 231, "publications");
        assertThat(shortRun.passed()).isFalse();
        assertThat(shortRun.failures()).singleElement().asString()
                .startsWith("target rate not reached: 231 publications/s of the 1000/s asked (23%)");

        Result close = new Result();
        Scenario.requireRate(close, 1000, 960, "publications");
        assertThat(close.passed()).isTrue();

        Result unbounded = new Result();
        Scenario.requireRate(unbounded, 0, 5, "publications");
        assertThat(unbounded.passed()).as("--rate 0 has no target").isTrue();
    }
}
