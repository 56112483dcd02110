package io.xshathra.protocol.json;

import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.util.List;

/** Newline-delimited JSON framing of the client protocol (being written). */
public final class JsonCodec implements Codec {
    public static final JsonCodec INSTANCE = new JsonCodec();

    private JsonCodec() {
    }

    @Override
    public ProtocolType type() {
        return ProtocolType.JSON;
    }

    @Override
    public List<Command> decodeCommands(byte[] frame) throws ProtocolException {
        throw new UnsupportedOperationException("JSON codec not written yet");
    }

    @Override
    public byte[] encodeReply(Reply reply) throws ProtocolException {
        throw new UnsupportedOperationException("JSON codec not written yet");
    }

    @Override
    public int separator() {
        return '\n';
    }
}
