package io.xshathra.microbench;

import com.google.protobuf.ByteString;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The inputs every benchmark shares: one channel, one 128-byte JSON payload, the HS256 secret,
 * and the frames a client sends for it, in both protocols. Built once; immutable.
 */
public final class Samples {
    /** The channel every benchmark publishes to and subscribes to (no namespace). */
    public static final String CHANNEL = "bench";
    /** HMAC secret of the benchmark node and its tokens. */
    public static final String SECRET = "microbench-secret-0123456789abcdef";
    /** A realistic 128-byte JSON publication payload. */
    public static final byte[] PAYLOAD = ("{\"type\":\"quote\",\"symbol\":\"XSHA\",\"price\":1234.5625,"
            + "\"volume\":987654,\"ts\":1764280000123,\"venue\":\"primary\",\"seq\":42424242,\"n\":12345}")
            .getBytes(StandardCharsets.UTF_8);

    private Samples() {
    }

    /** A connection token of {@code user} valid for a day, as a customer backend would sign it. */
    public static String token(String user) {
        long exp = Instant.now().plusSeconds(86_400).getEpochSecond();
        return new HmacTokenSigner(SECRET).sign(Map.of("sub", user, "exp", exp));
    }

    /** The publication the hub delivers: the payload alone, as the server API publishes it. */
    public static Publication publication() {
        return Publication.newBuilder().setData(ByteString.copyFrom(PAYLOAD)).build();
    }

    /** {@code publish} of the payload to {@link #CHANNEL}, as centrifuge-js sends it. */
    public static byte[] jsonPublishFrame() {
        return utf8("{\"id\":7,\"publish\":{\"channel\":\"" + CHANNEL + "\",\"data\":"
                + new String(PAYLOAD, StandardCharsets.UTF_8) + "}}");
    }

    /** The same publish command in Protobuf framing. */
    public static byte[] protobufPublishFrame() {
        return protobufFrame(Command.newBuilder().setId(7).setPublish(PublishRequest.newBuilder()
                .setChannel(CHANNEL).setData(ByteString.copyFrom(PAYLOAD))).build());
    }

    /** {@code connect} with a token, client name and version, as centrifuge-js sends it. */
    public static byte[] jsonConnectFrame(String token) {
        return utf8("{\"id\":1,\"connect\":{\"token\":\"" + token + "\",\"name\":\"js\",\"version\":\"5.8.0\"}}");
    }

    /** {@code connect} with a token followed by {@code subscribe} to {@link #CHANNEL}, in one JSON frame. */
    public static byte[] jsonConnectSubscribeFrame(String token) {
        return utf8("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\"}}");
    }

    /** The same two commands in Protobuf framing. */
    public static byte[] protobufConnectSubscribeFrame(String token) {
        return protobufFrame(
                Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken(token)).build(),
                Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel(CHANNEL)).build());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] protobufFrame(Command... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Command c : commands) {
                c.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
