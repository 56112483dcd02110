package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pushes as unidirectional transports receive them (bare, never unwrapped) and their connect requests. */
class StreamFramingTest {

    /** The bytes a unidirectional JSON connection is given for a push. */
    private static String bare(Push.Builder push) throws Exception {
        return new String(PushFormat.JSON_BARE.encode(push.build()), StandardCharsets.UTF_8);
    }

    @Test
    void aPushReplyLosesItsEnvelope() throws Exception {
        assertThat(bare(Push.newBuilder().setChannel("c")
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8("{}")))))
                .isEqualTo("{\"channel\":\"c\",\"pub\":{\"data\":{}}}");
        assertThat(bare(Push.newBuilder().setDisconnect(
                io.xshathra.protocol.proto.Disconnect.newBuilder().setCode(3001).setReason("shutdown"))))
                .isEqualTo("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}");
    }

    @Test
    void aPingStaysAnEmptyObject() throws Exception {
        assertThat(new String(io.xshathra.protocol.json.JsonCodec.INSTANCE.encodeReply(Reply.getDefaultInstance()),
                StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void connectRequestsParseFromBareJsonWithLineBreaks() throws Exception {
        var r = ConnectRequests.parseJson("{\n  \"token\": \"t\",\n  \"subs\": {\"a\": {\"recover\": true, \"offset\": 3, \"epoch\": \"e\"}}\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.getToken()).isEqualTo("t");
        assertThat(r.getSubsMap().get("a").getOffset()).isEqualTo(3);
        assertThat(ConnectRequests.parseJson(new byte[0]).getToken()).isEmpty();
        assertThat(ConnectRequests.parseJson("{}".getBytes(StandardCharsets.UTF_8)).getToken()).isEmpty();
    }

    @Test
    void malformedConnectRequestsAreRefused() {
        for (String bad : new String[] {"not json", "[1]", "{\"token\":", "{\"token\":\"a\"} {\"x\":1}", "{\"token\":5}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ConnectRequests.parseJson(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(io.xshathra.protocol.ProtocolException.class);
        }
    }
}
