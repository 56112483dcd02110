package io.xshathra.bench.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Protobuf commands from the generated classes, each prefixed by its varint length (§1.2.3). */
public final class ProtobufCommandEncoder implements CommandEncoder {
    public static final ProtobufCommandEncoder INSTANCE = new ProtobufCommandEncoder();

    private ProtobufCommandEncoder() {
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public void connect(ByteBuf out, int id, String token, String name) {
        ConnectRequest.Builder req = ConnectRequest.newBuilder();
        if (token != null) {
            req.setToken(token);
        }
        if (name != null) {
            req.setName(name);
        }
        write(out, Command.newBuilder().setId(id).setConnect(req).build());
    }

    @Override
    public void subscribe(ByteBuf out, int id, String channel) {
        write(out, Command.newBuilder().setId(id)
                .setSubscribe(SubscribeRequest.newBuilder().setChannel(channel)).build());
    }

    @Override
    public void publish(ByteBuf out, int id, String channel, byte[] data, int length) {
        write(out, Command.newBuilder().setId(id).setPublish(PublishRequest.newBuilder()
                .setChannel(channel).setData(ByteString.copyFrom(data, 0, length))).build());
    }

    @Override
    public void pong(ByteBuf out) {
        out.writeByte(0);
    }

    @Override
    public void separator(ByteBuf out) {
        // Length prefixes delimit Protobuf messages; nothing goes between them.
    }

    private static void write(ByteBuf out, Command command) {
        int size = command.getSerializedSize();
        out.ensureWritable(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            CodedOutputStream cos = CodedOutputStream.newInstance(stream, size + 5);
            cos.writeUInt32NoTag(size);
            command.writeTo(cos);
            cos.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing into a growable buffer failed", e);
        }
    }
}
