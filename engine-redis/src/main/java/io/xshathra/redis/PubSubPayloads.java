package io.xshathra.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;

/**
 * The framing of what travels on a channel's Pub/Sub channel (spec 12.3): a bare protobuf
 * {@code Publication}; {@code __p1:<offset>:<epoch>__} and a publication with history;
 * {@code __j__} / {@code __l__} and a protobuf {@code ClientInfo} for join and leave. The
 * history framing is written by the publish script, the others here. A publication's
 * {@code time} (set by the publisher, see {@code client.channel_position_max_time_lag}) is
 * handed to the handler and removed from what subscribers receive.
 */
final class PubSubPayloads {
    private static final byte[] JOIN = "__j__".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAVE = "__l__".getBytes(StandardCharsets.US_ASCII);

    private PubSubPayloads() {
    }

    static byte[] join(ClientInfo info) {
        return concat(JOIN, info.toByteArray());
    }

    static byte[] leave(ClientInfo info) {
        return concat(LEAVE, info.toByteArray());
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** Decodes one payload and hands it to the handler; throws on a malformed payload. */
    static void dispatch(String channel, byte[] payload, BrokerEventHandler handler)
            throws InvalidProtocolBufferException {
        if (payload.length < 5 || payload[0] != '_' || payload[1] != '_') {
            Publication pub = Publication.parseFrom(payload);
            handler.handlePublication(channel, pub.toBuilder().clearOffset().clearTime().build(),
                    StreamPosition.NONE, null, pub.getTime());
            return;
        }
        switch (payload[2]) {
            case 'j' -> handler.handleJoin(channel, ClientInfo.parseFrom(slice(payload, JOIN.length)));
            case 'l' -> handler.handleLeave(channel, ClientInfo.parseFrom(slice(payload, LEAVE.length)));
            case 'p' -> dispatchWithPosition(channel, payload, handler);
            case 'd' -> dispatchWithPrevious(channel, payload, handler);
            default -> throw new InvalidProtocolBufferException("unknown payload kind " + (char) payload[2]);
        }
    }

    /** {@code __p1:<offset>:<epoch>__<publication>}. */
    private static void dispatchWithPosition(String channel, byte[] payload, BrokerEventHandler handler)
            throws InvalidProtocolBufferException {
        int i = 5; // after "__p1:"
        long offset = 0;
        while (i < payload.length && payload[i] != ':') {
            offset = offset * 10 + (payload[i++] - '0');
        }
        int epochStart = ++i;
        while (i + 1 < payload.length && !(payload[i] == '_' && payload[i + 1] == '_')) {
            i++;
        }
        if (i + 1 >= payload.length) {
            throw new InvalidProtocolBufferException("truncated publication header");
        }
        String epoch = new String(payload, epochStart, i - epochStart, StandardCharsets.US_ASCII);
        Publication parsed = Publication.parseFrom(slice(payload, i + 2));
        Publication pub = parsed.toBuilder().setOffset(offset).clearTime().build();
        handler.handlePublication(channel, pub, new StreamPosition(offset, epoch), null, parsed.getTime());
    }

    /** {@code __d1:<offset>:<epoch>:<length>:<previous>:<length>:<publication>}. */
    private static void dispatchWithPrevious(String channel, byte[] payload, BrokerEventHandler handler)
            throws InvalidProtocolBufferException {
        Cursor c = new Cursor(payload, 5); // after "__d1:"
        long offset = c.number();
        String epoch = c.token();
        int previousLength = (int) c.number();
        byte[] previousBytes = c.bytes(previousLength);
        int length = (int) c.number();
        Publication parsed = Publication.parseFrom(c.bytes(length));
        Publication pub = parsed.toBuilder().setOffset(offset).clearTime().build();
        Publication previous = previousLength == 0 || offset <= 1 ? null
                : Publication.parseFrom(previousBytes).toBuilder().setOffset(offset - 1).clearTime().build();
        handler.handlePublication(channel, pub, new StreamPosition(offset, epoch), previous, parsed.getTime());
    }

    /** Reads the colon-separated header fields of a payload. */
    private static final class Cursor {
        private final byte[] a;
        private int i;

        Cursor(byte[] a, int start) {
            this.a = a;
            this.i = start;
        }

        /** Digits up to the next colon, which is consumed. */
        long number() throws InvalidProtocolBufferException {
            long n = 0;
            while (i < a.length && a[i] != ':') {
                byte b = a[i++];
                if (b < '0' || b > '9') {
                    throw new InvalidProtocolBufferException("bad number in publication header");
                }
                n = n * 10 + (b - '0');
            }
            skipColon();
            return n;
        }

        /** ASCII text up to the next colon, which is consumed. */
        String token() throws InvalidProtocolBufferException {
            int start = i;
            while (i < a.length && a[i] != ':') {
                i++;
            }
            String s = new String(a, start, i - start, StandardCharsets.US_ASCII);
            skipColon();
            return s;
        }

        /** {@code n} raw bytes, then the colon that follows unless they end the payload. */
        byte[] bytes(int n) throws InvalidProtocolBufferException {
            if (n < 0 || i + n > a.length) {
                throw new InvalidProtocolBufferException("truncated publication");
            }
            byte[] out = java.util.Arrays.copyOfRange(a, i, i + n);
            i += n;
            if (i < a.length) {
                skipColon();
            }
            return out;
        }

        private void skipColon() throws InvalidProtocolBufferException {
            if (i >= a.length || a[i] != ':') {
                throw new InvalidProtocolBufferException("truncated publication header");
            }
            i++;
        }
    }

    private static byte[] slice(byte[] a, int from) {
        byte[] out = new byte[a.length - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }
}
