package io.xshathra.microbench;

import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One publication published through {@code Node.publish} (memory broker, no history) and fanned
 * out by the hub to every local subscriber of the channel: encoded once for the protocol,
 * then handed by each {@code ClientSession} to its transport, whose write only counts bytes.
 *
 * <p>Subscribers are real sessions that connected with an HS256 token and subscribed through
 * {@code handleFrame}, spread over two {@link InlineEventLoop}s (as a 2-core server runs two
 * event loops), so the hub builds two groups and posts two tasks per publication, which run
 * inline on the benchmark thread. Thread hand-off and the network are therefore not measured.
 *
 * <p>Each invocation is one fan-out; {@link OperationsPerInvocation} makes the reported score
 * (and {@code gc.alloc.rate.norm}) <b>per delivery</b>: multiply by the subscriber count for the
 * cost of one fan-out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FanOutBench {
    public static final int LARGE = 10_000;
    public static final int SMALL = 100;
    /** Event loops the subscribers are spread over. */
    public static final int LOOPS = 2;

    /** A node whose channel has {@link #count()} subscribers of one protocol. */
    @State(Scope.Benchmark)
    public abstract static class Subscribers {
        @Param({"JSON", "PROTOBUF"})
        public String protocol;

        BenchNode engine;
        ChannelOptions options;
        Publication publication;

        abstract int count();

        @Setup(Level.Trial)
        public void setup() {
            engine = new BenchNode();
            options = engine.channelOptions();
            publication = Samples.publication();
            List<InlineEventLoop> loops = new java.util.ArrayList<>();
            for (int i = 0; i < LOOPS; i++) {
                loops.add(new InlineEventLoop());
            }
            engine.connectSubscribers(count(), ProtocolType.valueOf(protocol), loops);
        }

        /** One fan-out. */
        public CompletionStage<PublishResult> publish() {
            return engine.node().publish(Samples.CHANNEL, publication, options, null);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** 10,000 subscribers. */
    @State(Scope.Benchmark)
    public static class Subscribers10k extends Subscribers {
        @Override
        int count() {
            return LARGE;
        }
    }

    /** 100 subscribers. */
    @State(Scope.Benchmark)
    public static class Subscribers100 extends Subscribers {
        @Override
        int count() {
            return SMALL;
        }
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public CompletionStage<PublishResult> fanOut10k(Subscribers10k s) {
        return s.publish();
    }

    @Benchmark
    @OperationsPerInvocation(SMALL)
    public CompletionStage<PublishResult> fanOut100(Subscribers100 s) {
        return s.publish();
    }
}
