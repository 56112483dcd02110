package io.xshathra.microbench;

import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Command;
import java.util.List;
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
 * Decoding one incoming frame into commands with the connection's {@link Codec}, as
 * {@code ClientSession.handleFrame} does first for every WebSocket message: a {@code publish} of
 * the 128-byte payload in JSON and in Protobuf, and a JSON {@code connect} carrying an HS256
 * token (decoding only; the token is verified in {@link ConnectBench}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DecodeBench {
    private Codec json;
    private Codec protobuf;
    private byte[] jsonPublish;
    private byte[] protobufPublish;
    private byte[] jsonConnect;

    @Setup
    public void setup() {
        json = Codec.of(ProtocolType.JSON);
        protobuf = Codec.of(ProtocolType.PROTOBUF);
        jsonPublish = Samples.jsonPublishFrame();
        protobufPublish = Samples.protobufPublishFrame();
        jsonConnect = Samples.jsonConnectFrame(Samples.token("user-1"));
    }

    @Benchmark
    public List<Command> jsonPublish() throws ProtocolException {
        return json.decodeCommands(jsonPublish);
    }

    @Benchmark
    public List<Command> protobufPublish() throws ProtocolException {
        return protobuf.decodeCommands(protobufPublish);
    }

    @Benchmark
    public List<Command> jsonConnect() throws ProtocolException {
        return json.decodeCommands(jsonConnect);
    }
}
