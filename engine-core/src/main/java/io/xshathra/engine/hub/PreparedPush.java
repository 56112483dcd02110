package io.xshathra.engine.hub;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;

/**
 * A push encoded at most once per protocol and shared by every local subscriber. Encoded on the
 * broadcasting thread before fan-out; immutable afterwards.
 */
public final class PreparedPush {
    /** What kind of event this is; join and leave go only to subscribers that asked for them. */
    public enum Kind { PUBLICATION, JOIN, LEAVE }

    private final Kind kind;
    private final String channel;
    private final Publication publication;
    private final StreamPosition position;
    private final byte[] json;
    private final byte[] protobuf;

    PreparedPush(Kind kind, String channel, Push push, Publication publication, StreamPosition position,
                 boolean needJson, boolean needProtobuf) {
        this.kind = kind;
        this.channel = channel;
        this.publication = publication;
        this.position = position;
        Reply reply = Reply.newBuilder().setPush(push).build();
        this.json = needJson ? encodeOrNull(ProtocolType.JSON, reply) : null;
        this.protobuf = needProtobuf ? encodeOrNull(ProtocolType.PROTOBUF, reply) : null;
    }

    private static byte[] encodeOrNull(ProtocolType type, Reply reply) {
        try {
            return Codec.of(type).encodeReply(reply);
        } catch (ProtocolException e) {
            return null;
        }
    }

    public Kind kind() {
        return kind;
    }

    public String channel() {
        return channel;
    }

    /** The publication (for {@link Kind#PUBLICATION}), carrying its offset. */
    public Publication publication() {
        return publication;
    }

    /** The stream position of a publication ({@link StreamPosition#NONE} without history). */
    public StreamPosition position() {
        return position;
    }

    /** The encoded reply for a protocol, or null when it cannot be represented in it (3506). */
    public byte[] bytes(ProtocolType type) {
        return type == ProtocolType.JSON ? json : protobuf;
    }
}
