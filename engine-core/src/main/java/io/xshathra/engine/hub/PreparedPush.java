package io.xshathra.engine.hub;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.delta.FossilDelta;
import io.xshathra.engine.delta.JsonStringData;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;

/**
 * A push encoded at most once per protocol and shared by every local subscriber. Encoded on the
 * broadcasting thread before fan-out; immutable afterwards.
 *
 * <p>A publication also carries the forms delta subscriptions need, each computed once per
 * publication and encoded once per protocol, and only when such a subscriber is present: the
 * fossil patch against the previous publication of the stream (kept only when smaller than the
 * data), and for JSON the data as a JSON string (full data and patch alike, see
 * {@link JsonStringData}). Protobuf delta subscribers that are not sent a patch get the plain
 * bytes.
 */
public final class PreparedPush {
    /** What kind of event this is; join and leave go only to subscribers that asked for them. */
    public enum Kind { PUBLICATION, JOIN, LEAVE }

    /** Which encodings the subscribers present need. */
    record Needs(boolean json, boolean protobuf, boolean jsonDelta, boolean protobufDelta) {
    }

    private final Kind kind;
    private final String channel;
    private final Publication publication;
    private final StreamPosition position;
    private final byte[] json;
    private final byte[] protobuf;
    private long previousOffset;
    /** Written before fan-out, or lazily (same value) by a subscriber that needs it unexpectedly. */
    private volatile byte[] jsonFullString;
    private byte[] jsonPatch;
    private byte[] protobufPatch;

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

    /** A publication, with the delta forms {@code needs} asks for ({@code previous} may be null). */
    static PreparedPush publication(String channel, Publication pub, StreamPosition position, Publication previous,
                                    Needs needs) {
        Push push = Push.newBuilder().setChannel(channel).setPub(pub).build();
        PreparedPush p = new PreparedPush(Kind.PUBLICATION, channel, push, pub, position,
                needs.json() || needs.jsonDelta(), needs.protobuf() || needs.protobufDelta());
        if (!needs.jsonDelta() && !needs.protobufDelta()) {
            return p;
        }
        byte[] data = pub.getData().toByteArray();
        byte[] patch = null;
        if (previous != null && previous.getOffset() > 0 && !previous.getData().isEmpty()) {
            p.previousOffset = previous.getOffset();
            byte[] candidate = FossilDelta.create(previous.getData().toByteArray(), data);
            patch = candidate.length < data.length ? candidate : null;
        }
        if (needs.jsonDelta()) {
            p.jsonFullString = encodeData(channel, pub, JsonStringData.quote(data), false, ProtocolType.JSON);
            if (patch != null) {
                p.jsonPatch = encodeData(channel, pub, JsonStringData.quote(patch), true, ProtocolType.JSON);
            }
        }
        if (needs.protobufDelta() && patch != null) {
            p.protobufPatch = encodeData(channel, pub, patch, true, ProtocolType.PROTOBUF);
        }
        return p;
    }

    private static byte[] encodeData(String channel, Publication pub, byte[] data, boolean delta, ProtocolType type) {
        if (data == null) {
            return null;
        }
        Publication.Builder b = pub.toBuilder().setData(ByteString.copyFrom(data));
        if (delta) {
            b.setDelta(true);
        }
        Push push = Push.newBuilder().setChannel(channel).setPub(b).build();
        return encodeOrNull(type, Reply.newBuilder().setPush(push).build());
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

    /** Offset of the publication the patch was computed against; 0 when there is no patch base. */
    public long previousOffset() {
        return previousOffset;
    }

    /**
     * The encoded reply for a delta subscription: the patch when {@code patchAllowed} (the
     * subscriber holds the previous publication) and one exists, else the full data (a JSON
     * string in the JSON protocol); null when it cannot be represented (3506).
     */
    public byte[] deltaBytes(ProtocolType type, boolean patchAllowed) {
        byte[] patch = type == ProtocolType.JSON ? jsonPatch : protobufPatch;
        if (patchAllowed && patch != null) {
            return patch;
        }
        if (type != ProtocolType.JSON) {
            return protobuf;
        }
        byte[] full = jsonFullString;
        if (full == null && publication != null) {
            // The subscription turned into a delta one after this push was prepared (a quick
            // resubscribe): encode the string form for it now, once.
            full = encodeData(channel, publication, JsonStringData.quote(publication.getData().toByteArray()), false,
                    ProtocolType.JSON);
            jsonFullString = full;
        }
        return full;
    }
}
