package io.xshathra.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Varint-length-delimited Protobuf framing: each message is prefixed by its length. */
public final class ProtobufCodec implements Codec {
    public static final ProtobufCodec INSTANCE = new ProtobufCodec();

    private ProtobufCodec() {
    }

    @Override
    public ProtocolType type() {
        return ProtocolType.PROTOBUF;
    }

    @Override
    public List<Command> decodeCommands(byte[] frame) throws ProtocolException {
        if (frame.length == 0) {
            throw new ProtocolException(Disconnect.BAD_REQUEST, "empty frame");
        }
        List<Command> out = new ArrayList<>(2);
        CodedInputStream in = CodedInputStream.newInstance(frame);
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                if (length < 0 || length > frame.length) {
                    throw new ProtocolException(Disconnect.BAD_REQUEST, "bad message length " + length);
                }
                int limit = in.pushLimit(length);
                Command command = Command.parseFrom(in);
                in.checkLastTagWas(0);
                if (in.getBytesUntilLimit() != 0) {
                    throw new ProtocolException(Disconnect.BAD_REQUEST, "truncated message");
                }
                in.popLimit(limit);
                out.add(command);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(Disconnect.BAD_REQUEST, "undecodable protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(Disconnect.BAD_REQUEST, "undecodable protobuf frame", e);
        }
        return out;
    }

    @Override
    public byte[] encodeReply(Reply reply) {
        int size = reply.getSerializedSize();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            cos.writeUInt32NoTag(size);
            reply.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("encoding into an exactly sized array failed", e);
        }
        return out;
    }

    @Override
    public int separator() {
        return -1;
    }
}
