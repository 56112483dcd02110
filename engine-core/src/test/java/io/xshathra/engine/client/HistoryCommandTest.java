package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.HistoryResult;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client {@code history} command (spec 7.2): limits, since, reverse, and its errors. */
class HistoryCommandTest {
    private static final int MAX_LIMIT = 4;
    private static final ChannelOptions CHAT = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.permissions = new ChannelOptions.Permissions(true, false, false, false, false, false, false, false,
                true, false, false);
    });

    private TestEngine engine;
    private TestClient client;
    private StreamPosition top;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("chat", CHAT),
                c -> TestEngine.client(c, false, false, 300, MAX_LIMIT)));
        for (int i = 1; i <= 6; i++) {
            top = engine.publish("chat:h", i);
        }
        client = engine.connected("42");
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private Reply history(HistoryRequest.Builder req) {
        return client.call(Command.newBuilder().setHistory(req.setChannel("chat:h")));
    }

    private static List<Long> offsets(HistoryResult r) {
        return r.getPublicationsList().stream().map(Publication::getOffset).toList();
    }

    private static io.xshathra.protocol.proto.StreamPosition since(long offset, String epoch) {
        return io.xshathra.protocol.proto.StreamPosition.newBuilder().setOffset(offset).setEpoch(epoch).build();
    }

    @Test
    void limitZeroReturnsOnlyTheTop() {
        HistoryResult r = history(HistoryRequest.newBuilder().setLimit(0)).getHistory();
        assertThat(r.getPublicationsList()).isEmpty();
        assertThat(r.getOffset()).isEqualTo(6);
        assertThat(r.getEpoch()).isEqualTo(top.epoch());
    }

    @Test
    void negativeOrLargeLimitsAreCappedForClients() {
        assertThat(offsets(history(HistoryRequest.newBuilder().setLimit(-1)).getHistory()))
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(offsets(history(HistoryRequest.newBuilder().setLimit(100)).getHistory()))
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(offsets(history(HistoryRequest.newBuilder().setLimit(2).setReverse(true)).getHistory()))
                .containsExactly(6L, 5L);
    }

    @Test
    void sinceForwardAndReverse() {
        assertThat(offsets(history(HistoryRequest.newBuilder().setLimit(-1).setSince(since(3, top.epoch())))
                .getHistory())).containsExactly(4L, 5L, 6L);
        assertThat(offsets(history(HistoryRequest.newBuilder().setLimit(-1).setReverse(true)
                .setSince(since(3, top.epoch()))).getHistory())).containsExactly(2L, 1L);
    }

    @Test
    void reverseSinceOffsetZeroIsBadRequest() {
        Reply r = history(HistoryRequest.newBuilder().setLimit(10).setReverse(true).setSince(since(0, top.epoch())));
        assertThat(r.getError().getCode()).isEqualTo(107);
    }

    @Test
    void anotherEpochIsUnrecoverable() {
        Reply r = history(HistoryRequest.newBuilder().setLimit(10).setSince(since(1, "wrongEpo")));
        assertThat(r.getError().getCode()).isEqualTo(112);
        assertThat(r.getError().getMessage()).isEqualTo("unrecoverable position");
        assertThat(client.transport.closed).isNotDone();
    }

    @Test
    void publicationsCarryDataAndOffsetsButNoInfoForServerPublishes() {
        HistoryResult r = history(HistoryRequest.newBuilder().setLimit(1)).getHistory();
        Publication p = r.getPublications(0);
        assertThat(p.getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        assertThat(p.getOffset()).isEqualTo(1);
        assertThat(p.hasInfo()).isFalse();
    }
}
