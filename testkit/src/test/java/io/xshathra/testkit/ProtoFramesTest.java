package io.xshathra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtoFramesTest {

    @Test
    void parsesEveryVarintDelimitedReplyOfAFrame() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reply.newBuilder().setId(1).build().writeDelimitedTo(out);
        Reply.getDefaultInstance().writeDelimitedTo(out);
        Reply.newBuilder().setId(2).build().writeDelimitedTo(out);
        assertThat(ProtoFrames.parse(out.toByteArray())).extracting(Reply::getId).containsExactly(1, 0, 2);
    }

    @Test
    void aTruncatedFrameIsAnError() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reply.newBuilder().setId(300).build().writeDelimitedTo(out);
        byte[] whole = out.toByteArray();
        assertThatThrownBy(() -> ProtoFrames.parse(Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void framesCommandsInOrder() throws Exception {
        byte[] frame = ProtoFrames.frame(Command.newBuilder().setId(5).build(),
                Command.newBuilder().setId(6).build());
        ByteArrayInputStream in = new ByteArrayInputStream(frame);
        assertThat(Command.parseDelimitedFrom(in).getId()).isEqualTo(5);
        assertThat(Command.parseDelimitedFrom(in).getId()).isEqualTo(6);
        assertThat(in.available()).isZero();
    }
}
