package io.xshathra.bench.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.io.IOException;

/** Reads varint-length-delimited Protobuf replies with the generated classes. */
public final class ProtobufReplyDecoder implements ReplyDecoder {
    public static final ProtobufReplyDecoder INSTANCE = new ProtobufReplyDecoder();

    private ProtobufReplyDecoder() {
    }

    @Override
    public void decode(ByteBuf frame, ReplyHandler handler) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(frame.nioBuffer());
        Scratch scratch = Scratch.get();
        while (!in.isAtEnd()) {
            int length = in.readRawVarint32();
            if (length < 0 || length > frame.readableBytes()) {
                throw new IOException("bad message length " + length);
            }
            if (length == 0) {
                handler.onPing();
                continue;
            }
            int limit = in.pushLimit(length);
            Reply reply = Reply.parseFrom(in);
            in.popLimit(limit);
            dispatch(reply, handler, scratch);
        }
    }

    private static void dispatch(Reply r, ReplyHandler h, Scratch scratch) throws IOException {
        int id = r.getId();
        if (r.hasError()) {
            h.onError(id, r.getError().getCode(), r.getError().getMessage());
        } else if (r.hasPush()) {
            push(r.getPush(), h, scratch);
        } else if (r.hasConnect()) {
            h.onConnected(id, r.getConnect().getPong());
        } else if (id == 0) {
            h.onPing();
        } else {
            h.onResult(id);
        }
    }

    private static void push(Push push, ReplyHandler h, Scratch scratch) throws IOException {
        // Another publisher's non-JSON data is not a decoding error: it is simply not ours.
        if (push.hasPub()) {
            ByteString data = push.getPub().getData();
            Payload.Fields fields = scratch.fields;
            fields.clear();
            int n = data.size();
            byte[] bytes = scratch.bytes(n);
            data.copyTo(bytes, 0);
            boolean recognised;
            try {
                recognised = n > 0 && Payload.read(bytes, 0, n, fields);
            } catch (JsonProcessingException e) {
                recognised = false;
            }
            h.onPublication(fields, recognised);
        } else if (push.hasUnsubscribe()) {
            h.onUnsubscribe(push.getUnsubscribe().getCode(), push.getUnsubscribe().getReason());
        } else if (push.hasDisconnect()) {
            h.onDisconnect(push.getDisconnect().getCode(), push.getDisconnect().getReason());
        } else {
            h.onOtherPush();
        }
    }
}
