package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.testkit.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The usage window a query asks for: defaults, rounding to minutes, and every refusal naming its parameter. */
class UsageEndpointTest {
    /** 12:34:56.789 UTC: the current minute is 12:34, whose end is 12:35. */
    private static final Instant NOW = Instant.parse("2026-12-05T12:34:56.789Z");
    private static final long END = Instant.parse("2026-12-05T12:35:00Z").toEpochMilli();
    private static final long DAY = 24 * 3_600_000L;

    private final UsageEndpoint endpoint = new UsageEndpoint(null, new MutableClock(NOW));

    private String refusal(String query) {
        try {
            endpoint.window(query);
        } catch (ApiProblem.Failure f) {
            assertThat(f.problem.code()).isEqualTo("invalid_parameter");
            assertThat(f.problem.status().code()).isEqualTo(400);
            return f.problem.message();
        }
        throw new AssertionError("accepted: " + query);
    }

    @Test
    void withoutParametersTheLast1440MinutesUpToTheCurrentOne() {
        assertThat(endpoint.window("")).isEqualTo(new UsageEndpoint.Window(END - DAY, END));
    }

    @Test
    void boundsAreRoundedOutwardToWholeMinutes() {
        long from = END - 3 * 60_000 + 1;
        assertThat(endpoint.window("fromMs=" + from + "&toMs=" + (END - 60_000 - 5)))
                .isEqualTo(new UsageEndpoint.Window(END - 3 * 60_000, END - 60_000));
        assertThat(endpoint.window("toMs=" + (END - 60_000)))
                .isEqualTo(new UsageEndpoint.Window(END - DAY, END - 60_000));
        assertThat(endpoint.window("fromMs=" + (END - DAY))).isEqualTo(new UsageEndpoint.Window(END - DAY, END));
    }

    @Test
    void everyRefusalNamesItsParameter() {
        assertThat(refusal("fromMs=abc")).startsWith("fromMs: must be a time in milliseconds");
        assertThat(refusal("toMs=-5")).startsWith("toMs: must be a time in milliseconds");
        assertThat(refusal("toMs=")).startsWith("toMs: must be a time in milliseconds");
        assertThat(refusal("fromMs=1234567890123456")).startsWith("fromMs: must be a time");
        assertThat(refusal("fromMs=" + (END - DAY - 1))).startsWith("fromMs: must be within the last 24 hours");
        assertThat(refusal("toMs=" + (END + 1))).startsWith("toMs: must not be after the end of the current minute");
        assertThat(refusal("fromMs=" + (END - 60_000) + "&toMs=" + (END - 60_000))).isEqualTo("toMs: must be greater than fromMs");
        assertThat(refusal("fromMs=1&fromMs=2")).isEqualTo("fromMs: must be given once");
        assertThat(refusal("limit=5")).startsWith("limit: is not a parameter of this endpoint");
        assertThat(refusal("fromMs=%zz")).startsWith("query: is not a valid query string");
    }
}
