package io.xshathra.protocol;

import com.google.protobuf.CodedOutputStream;
import io.xshathra.protocol.json.JsonCodec;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.io.IOException;

/**
 * The bytes a connection receives a push as, keyed by (protocol, unidirectional): bidirectional
 * connections get a {@code Reply} whose only field is the push, unidirectional ones the bare
 * {@code Push} (Protobuf varint-length-delimited, like a reply). A push is encoded once per
 * format present among its receivers and the bytes are shared; nothing downstream unwraps them.
 */
public enum PushFormat {
    /** {@code {"push":{…}}}. */
    JSON_REPLY(ProtocolType.JSON, false),
    /** A delimited {@code Reply{push}}. */
    PROTOBUF_REPLY(ProtocolType.PROTOBUF, false),
    /** {@code {…}}: the push object alone. */
    JSON_BARE(ProtocolType.JSON, true),
    /** A delimited {@code Push}. */
    PROTOBUF_BARE(ProtocolType.PROTOBUF, true);

    /** Number of formats; {@link #ordinal()} indexes arrays of this size. */
    public static final int COUNT = 4;

    private final ProtocolType protocol;
    private final boolean bare;

    PushFormat(ProtocolType protocol, boolean bare) {
        this.protocol = protocol;
        this.bare = bare;
    }

    /** The format of a connection speaking {@code protocol}, unidirectional or not. */
    public static PushFormat of(ProtocolType protocol, boolean unidirectional) {
        if (protocol == ProtocolType.JSON) {
            return unidirectional ? JSON_BARE : JSON_REPLY;
        }
        return unidirectional ? PROTOBUF_BARE : PROTOBUF_REPLY;
    }

    public ProtocolType protocol() {
        return protocol;
    }

    /** Whether pushes go without the Reply envelope (unidirectional connections). */
    public boolean bare() {
        return bare;
    }

    /**
     * Encodes one push in this format.
     *
     * @throws ProtocolException 3506 when a payload cannot be carried by the protocol
     */
    public byte[] encode(Push push) throws ProtocolException {
        if (!bare) {
            return Codec.of(protocol).encodeReply(Reply.newBuilder().setPush(push).build());
        }
        return protocol == ProtocolType.JSON ? JsonCodec.INSTANCE.encodePush(push) : delimited(push);
    }

    private static byte[] delimited(Push push) {
        int size = push.getSerializedSize();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            cos.writeUInt32NoTag(size);
            push.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("encoding into an exactly sized array failed", e);
        }
        return out;
    }
}
