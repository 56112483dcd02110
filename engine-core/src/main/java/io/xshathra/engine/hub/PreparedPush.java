package io.xshathra.engine.hub;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.delta.FossilDelta;
import io.xshathra.engine.delta.JsonStringData;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;

/**
 * A push encoded at most once per {@link PushFormat} (protocol, and Reply envelope or bare push
 * for unidirectional connections) and shared by every local subscriber. Encoded on the
 * broadcasting thread before fan-out, only in the formats the subscribers present need;
 * immutable afterwards.
 *
 * <p>A publication also carries the forms delta subscriptions need, each computed once per
 * publication and encoded once per format, and only when such a subscriber is present: the
 * fossil patch against the previous publication of the stream (kept only when smaller than the
 * data), and for JSON the data as a JSON string (full data and patch alike, see
 * {@link JsonStringData}). Protobuf delta subscribers that are not sent a patch get the plain
 * bytes.
 */
public final class PreparedPush {
    /** What kind of event this is; join and leave go only to subscribers that asked for them. */
    public enum Kind { PUBLICATION, JOIN, LEAVE }

    /**
     * Which encodings the subscribers present need: bit {@code f.ordinal()} of {@code plain} for
     * plain subscribers of format {@code f}, of {@code delta} for delta subscribers.
     */
    record Needs(int plain, int delta) {
        /** Reply-envelope formats only (bidirectional subscribers). */
        Needs(boolean json, boolean protobuf, boolean jsonDelta, boolean protobufDelta) {
            this(bits(json, protobuf), bits(jsonDelta, protobufDelta));
        }

        private static int bits(boolean json, boolean protobuf) {
            return (json ? bit(PushFormat.JSON_REPLY) : 0) | (protobuf ? bit(PushFormat.PROTOBUF_REPLY) : 0);
        }

        static int bit(PushFormat f) {
            return 1 << f.ordinal();
        }
    }

    private static final PushFormat[] FORMATS = PushFormat.values();

    private final Kind kind;
    private final String channel;
    private final Publication publication;
    private final StreamPosition position;
    /** Encoded pushes by format; null where not needed or not representable. */
    private final byte[] jsonReply;
    private final byte[] protobufReply;
    private final byte[] jsonBare;
    private final byte[] protobufBare;
    /**
     * Set before fan-out (which publishes it to the event loops) when the publication arrived
     * later than {@code client.channel_position_max_time_lag} allows.
     */
    private boolean lagged;
    /** The delta forms; null while no delta subscriber needed one (most pushes). */
    private volatile Deltas deltas;

    /**
     * What delta subscribers get, by format ordinal: the patch, and for JSON the data as a JSON
     * string. Kept out of line so a push without delta subscribers stays small.
     */
    private static final class Deltas {
        final long previousOffset;
        final byte[][] patch;
        /** Written before fan-out, or lazily (same value) by a subscriber that needs it unexpectedly. */
        volatile byte[][] fullString;

        Deltas(long previousOffset, byte[][] patch, byte[][] fullString) {
            this.previousOffset = previousOffset;
            this.patch = patch;
            this.fullString = fullString;
        }
    }

    /** A push encoded in every format whose bit is set in {@code formats}. */
    PreparedPush(Kind kind, String channel, Push push, Publication publication, StreamPosition position,
                 int formats) {
        this.kind = kind;
        this.channel = channel;
        this.publication = publication;
        this.position = position;
        // one Reply for both reply formats; bare forms only when a unidirectional subscriber is there
        Reply reply = (formats & (Needs.bit(PushFormat.JSON_REPLY) | Needs.bit(PushFormat.PROTOBUF_REPLY))) == 0
                ? null : Reply.newBuilder().setPush(push).build();
        this.jsonReply = (formats & Needs.bit(PushFormat.JSON_REPLY)) == 0 ? null : encodeOrNull(ProtocolType.JSON, reply);
        this.protobufReply = (formats & Needs.bit(PushFormat.PROTOBUF_REPLY)) == 0 ? null
                : encodeOrNull(ProtocolType.PROTOBUF, reply);
        this.jsonBare = (formats & Needs.bit(PushFormat.JSON_BARE)) == 0 ? null : encodeOrNull(PushFormat.JSON_BARE, push);
        this.protobufBare = (formats & Needs.bit(PushFormat.PROTOBUF_BARE)) == 0 ? null
                : encodeOrNull(PushFormat.PROTOBUF_BARE, push);
    }

    /** A publication, with the delta forms {@code needs} asks for ({@code previous} may be null). */
    static PreparedPush publication(String channel, Publication pub, StreamPosition position, Publication previous,
                                    Needs needs) {
        return publication(channel, pub, position, previous, needs.plain(), needs.delta());
    }

    /**
     * A publication for subscribers of the formats in {@code plain} and delta subscribers of the
     * formats in {@code delta} (bits by format ordinal, see {@link Needs}).
     */
    static PreparedPush publication(String channel, Publication pub, StreamPosition position, Publication previous,
                                    int plain, int delta) {
        Push push = Push.newBuilder().setChannel(channel).setPub(pub).build();
        PreparedPush p = new PreparedPush(Kind.PUBLICATION, channel, push, pub, position, plain | delta);
        if (delta == 0) {
            return p;
        }
        byte[] data = pub.getData().toByteArray();
        byte[] patch = null;
        long previousOffset = 0;
        if (previous != null && previous.getOffset() > 0 && !previous.getData().isEmpty()) {
            previousOffset = previous.getOffset();
            byte[] candidate = FossilDelta.create(previous.getData().toByteArray(), data);
            patch = candidate.length < data.length ? candidate : null;
        }
        byte[] quotedData = null;
        byte[] quotedPatch = null;
        byte[][] full = new byte[PushFormat.COUNT][];
        byte[][] patches = new byte[PushFormat.COUNT][];
        for (PushFormat f : FORMATS) {
            if ((delta & Needs.bit(f)) == 0) {
                continue;
            }
            if (f.protocol() == ProtocolType.JSON) {
                quotedData = quotedData == null ? JsonStringData.quote(data) : quotedData;
                full[f.ordinal()] = encodeData(channel, pub, quotedData, false, f);
                if (patch != null) {
                    quotedPatch = quotedPatch == null ? JsonStringData.quote(patch) : quotedPatch;
                    patches[f.ordinal()] = encodeData(channel, pub, quotedPatch, true, f);
                }
            } else if (patch != null) {
                patches[f.ordinal()] = encodeData(channel, pub, patch, true, f);
            }
        }
        p.deltas = new Deltas(previousOffset, patches, full);
        return p;
    }

    private static byte[] encodeData(String channel, Publication pub, byte[] data, boolean delta, PushFormat format) {
        if (data == null) {
            return null;
        }
        Publication.Builder b = pub.toBuilder().setData(ByteString.copyFrom(data));
        if (delta) {
            b.setDelta(true);
        }
        return encodeOrNull(format, Push.newBuilder().setChannel(channel).setPub(b).build());
    }

    private static byte[] encodeOrNull(ProtocolType type, Reply reply) {
        try {
            return Codec.of(type).encodeReply(reply);
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static byte[] encodeOrNull(PushFormat format, Push push) {
        try {
            return format.encode(push);
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

    /** Whether this publication arrived too late for positioned subscribers. */
    public boolean lagged() {
        return lagged;
    }

    void markLagged() {
        lagged = true;
    }

    /** The encoded push in a format, or null when it cannot be represented in it (3506). */
    public byte[] bytes(PushFormat format) {
        if (format == PushFormat.JSON_REPLY) {
            return jsonReply;
        }
        if (format == PushFormat.PROTOBUF_REPLY) {
            return protobufReply;
        }
        return format == PushFormat.JSON_BARE ? jsonBare : protobufBare;
    }

    /** The encoded reply for a bidirectional connection of a protocol; see {@link #bytes(PushFormat)}. */
    public byte[] bytes(ProtocolType type) {
        return bytes(PushFormat.of(type, false));
    }

    /** Offset of the publication the patch was computed against; 0 when there is no patch base. */
    public long previousOffset() {
        Deltas d = deltas;
        return d == null ? 0 : d.previousOffset;
    }

    /**
     * The encoded push for a delta subscription: the patch when {@code patchAllowed} (the
     * subscriber holds the previous publication) and one exists, else the full data (a JSON
     * string in the JSON protocol); null when it cannot be represented (3506).
     */
    public byte[] deltaBytes(PushFormat format, boolean patchAllowed) {
        int i = format.ordinal();
        Deltas d = deltas;
        if (patchAllowed && d != null && d.patch[i] != null) {
            return d.patch[i];
        }
        if (format.protocol() != ProtocolType.JSON) {
            return bytes(format);
        }
        byte[][] full = d == null ? null : d.fullString;
        if (full != null && full[i] != null) {
            return full[i];
        }
        if (publication == null) {
            return null;
        }
        // The subscription turned into a delta one after this push was prepared (a quick
        // resubscribe): encode the string form for it now, once per format.
        byte[] late = encodeData(channel, publication, JsonStringData.quote(publication.getData().toByteArray()),
                false, format);
        byte[][] next = full == null ? new byte[PushFormat.COUNT][] : full.clone();
        next[i] = late;
        if (d == null) {
            deltas = new Deltas(0, new byte[PushFormat.COUNT][], next);
        } else {
            d.fullString = next;
        }
        return late;
    }

    /** {@link #deltaBytes(PushFormat, boolean)} for a bidirectional connection of a protocol. */
    public byte[] deltaBytes(ProtocolType type, boolean patchAllowed) {
        return deltaBytes(PushFormat.of(type, false), patchAllowed);
    }
}
