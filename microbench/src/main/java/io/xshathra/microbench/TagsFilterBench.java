package io.xshathra.microbench;

import io.xshathra.engine.tags.InvalidTagsFilterException;
import io.xshathra.engine.tags.TagsFilter;
import io.xshathra.protocol.proto.FilterNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a subscriber with a tags filter pays per publication: {@code TagsFilter.matches} of the
 * filter {@code ticker in [BTC, ETH, SOL] and price gt 100} over a publication's three tags,
 * once for a publication it lets through and once for one it drops (at the second term).
 * Subscribers without a filter never run it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class TagsFilterBench {
    TagsFilter filter;
    Map<String, String> passing;
    Map<String, String> dropped;

    @Setup
    public void setup() throws InvalidTagsFilterException {
        filter = TagsFilter.compile(FilterNode.newBuilder().setOp("and")
                .addNodes(FilterNode.newBuilder().setKey("ticker").setCmp("in").addVals("BTC").addVals("ETH")
                        .addVals("SOL"))
                .addNodes(FilterNode.newBuilder().setKey("price").setCmp("gt").setVal("100"))
                .build());
        passing = Map.of("ticker", "ETH", "price", "2315.75", "venue", "x");
        dropped = Map.of("ticker", "BTC", "price", "99.99", "venue", "x");
    }

    @Benchmark
    public boolean matching() {
        return filter.matches(passing);
    }

    @Benchmark
    public boolean rejected() {
        return filter.matches(dropped);
    }
}
