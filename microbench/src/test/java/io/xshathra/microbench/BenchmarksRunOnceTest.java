package io.xshathra.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every benchmark method once, directly, and checks it did the work it claims to measure,
 * so a benchmark broken by an engine change fails the build instead of measuring nothing.
 */
class BenchmarksRunOnceTest {
    private static final String PAYLOAD = new String(Samples.PAYLOAD, StandardCharsets.UTF_8);

    @Test
    void payloadIs128Bytes() {
        assertThat(Samples.PAYLOAD).hasSize(128);
    }

    @Test
    void decodeBenchmarksDecodeTheirCommand() throws Exception {
        DecodeBench b = new DecodeBench();
        b.setup();
        for (Command c : new Command[] {b.jsonPublish().get(0), b.protobufPublish().get(0)}) {
            assertThat(c.getId()).isEqualTo(7);
            assertThat(c.getPublish().getChannel()).isEqualTo(Samples.CHANNEL);
            assertThat(c.getPublish().getData().toStringUtf8()).isEqualTo(PAYLOAD);
        }
        assertThat(b.jsonPublish()).hasSize(1);
        assertThat(b.protobufPublish()).hasSize(1);
        Command connect = b.jsonConnect().get(0);
        assertThat(connect.getConnect().getToken()).isNotEmpty();
        assertThat(connect.getConnect().getName()).isEqualTo("js");
    }

    @Test
    void encodeBenchmarksProduceThePush() throws Exception {
        EncodeBench b = new EncodeBench();
        b.setup();
        assertThat(new String(b.jsonPush(), StandardCharsets.UTF_8))
                .isEqualTo("{\"push\":{\"channel\":\"" + Samples.CHANNEL + "\",\"pub\":{\"data\":" + PAYLOAD + "}}}");
        ByteArrayInputStream in = new ByteArrayInputStream(b.protobufPush());
        Reply reply = Reply.parseDelimitedFrom(in);
        assertThat(in.available()).isZero();
        assertThat(reply.getPush().getChannel()).isEqualTo(Samples.CHANNEL);
        assertThat(reply.getPush().getPub().getData().toStringUtf8()).isEqualTo(PAYLOAD);
    }

    @Test
    void tagsFilterBenchmarksMatchAndReject() throws Exception {
        TagsFilterBench b = new TagsFilterBench();
        b.setup();
        assertThat(b.matching()).isTrue();
        assertThat(b.rejected()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ProtocolType.class)
    void fanOutReachesEverySubscriberExactlyOnce(ProtocolType protocol) {
        FanOutBench bench = new FanOutBench();
        FanOutBench.Subscribers100 small = new FanOutBench.Subscribers100();
        FanOutBench.Subscribers10k large = new FanOutBench.Subscribers10k();
        small.protocol = protocol.name();
        large.protocol = protocol.name();
        small.setup();
        large.setup();
        try {
            bench.fanOut100(small).toCompletableFuture().join();
            bench.fanOut10k(large).toCompletableFuture().join();
            assertOnePushEach(small, FanOutBench.SMALL);
            assertOnePushEach(large, large.count());
        } finally {
            small.tearDown();
            large.tearDown();
        }
    }

    private static void assertOnePushEach(FanOutBench.Subscribers s, int count) {
        assertThat(s.engine.transports()).hasSize(count);
        byte[] shared = s.engine.transports().get(0).lastWrite();
        for (CountingTransport t : s.engine.transports()) {
            assertThat(t.closedWith()).isNull();
            // Connect reply, subscribe reply, then the one push.
            assertThat(t.writes()).isEqualTo(3);
            assertThat(t.lastWrite()).as("every subscriber gets the bytes encoded once").isSameAs(shared);
        }
    }

    @Test
    void connectBenchmarksConnect() throws Exception {
        ConnectBench b = new ConnectBench();
        b.setup();
        try {
            assertThat(b.verifyToken().userId()).isEqualTo("user-1");
            CountingTransport t = b.connectSession();
            assertThat(t.writes()).isEqualTo(1);
            assertThat(new String(t.lastWrite(), StandardCharsets.UTF_8)).startsWith("{\"id\":1,\"connect\":{\"client\":");
            assertThat(t.closedWith()).isNull();
            assertThat(b.engine().node().numClients()).isZero();
        } finally {
            b.tearDown();
        }
    }
}
