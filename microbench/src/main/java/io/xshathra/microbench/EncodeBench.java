package io.xshathra.microbench;

import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
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
 * Encoding one publication push the way the hub prepares it once per broadcast and protocol:
 * the {@link Publication} (128-byte JSON payload) is wrapped in a {@link Push} with the channel
 * name, the push in a {@link Reply}, and the reply encoded by the protocol's {@link Codec}
 * (Protobuf with its length prefix). Building the wrappers is part of each operation, as it is
 * part of each broadcast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EncodeBench {
    private Codec json;
    private Codec protobuf;
    private Publication publication;
    private String channel;

    @Setup
    public void setup() {
        json = Codec.of(ProtocolType.JSON);
        protobuf = Codec.of(ProtocolType.PROTOBUF);
        publication = Samples.publication();
        channel = Samples.CHANNEL;
    }

    private Reply reply() {
        Push push = Push.newBuilder().setChannel(channel).setPub(publication).build();
        return Reply.newBuilder().setPush(push).build();
    }

    @Benchmark
    public byte[] jsonPush() throws ProtocolException {
        return json.encodeReply(reply());
    }

    @Benchmark
    public byte[] protobufPush() throws ProtocolException {
        return protobuf.encodeReply(reply());
    }
}
