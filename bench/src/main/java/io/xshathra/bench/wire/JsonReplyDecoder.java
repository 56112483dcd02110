package io.xshathra.bench.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Reads newline-separated JSON replies with Jackson's streaming parser: one parser per frame
 * (newlines are whitespace between root values), field names are canonical strings, padding and
 * unknown fields are skipped without being decoded.
 */
public final class JsonReplyDecoder implements ReplyDecoder {
    public static final JsonReplyDecoder INSTANCE = new JsonReplyDecoder();
    private static final JsonFactory JSON = new JsonFactory();

    private JsonReplyDecoder() {
    }

    @Override
    public void decode(ByteBuf frame, ReplyHandler handler) throws IOException {
        int length = frame.readableBytes();
        Scratch scratch = Scratch.get();
        byte[] bytes;
        int offset;
        if (frame.hasArray()) {
            bytes = frame.array();
            offset = frame.arrayOffset() + frame.readerIndex();
        } else {
            bytes = scratch.bytes(length);
            frame.getBytes(frame.readerIndex(), bytes, 0, length);
            offset = 0;
        }
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("a reply must be a JSON object, got " + token);
                }
                reply(p, handler, scratch);
            }
        }
    }

    private static void reply(JsonParser p, ReplyHandler h, Scratch scratch) throws IOException {
        long id = 0;
        Kind kind = Kind.PING;
        Outcome o = scratch.outcome.reset();
        Payload.Fields fields = scratch.fields;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> id = p.getLongValue();
                case "error" -> { kind = Kind.ERROR; codeAndMessage(p, "message", o); }
                case "push" -> { kind = Kind.PUSH; push(p, fields, o); }
                case "connect" -> { kind = Kind.CONNECT; connect(p, o); }
                default -> {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        kind = Kind.RESULT;
                    }
                    p.skipChildren();
                }
            }
        }
        dispatch(h, (int) id, kind, o, fields);
    }

    private static void dispatch(ReplyHandler h, int id, Kind kind, Outcome o, Payload.Fields fields) {
        switch (kind) {
            case PING -> h.onPing();
            case ERROR -> h.onError(id, o.code, o.text);
            case CONNECT -> h.onConnected(id, o.flag);
            case RESULT -> h.onResult(id);
            case PUSH -> {
                switch (o.push) {
                    case PUBLICATION -> h.onPublication(fields, o.flag);
                    case UNSUBSCRIBE -> h.onUnsubscribe(o.code, o.text);
                    case DISCONNECT -> h.onDisconnect(o.code, o.text);
                    default -> h.onOtherPush();
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static void connect(JsonParser p, Outcome o) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("pong".equals(name)) {
                o.flag = value == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
    }

    private static void push(JsonParser p, Payload.Fields fields, Outcome o) throws IOException {
        o.push = PushKind.OTHER;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "pub" -> { o.push = PushKind.PUBLICATION; o.flag = publication(p, fields); }
                case "unsubscribe" -> { o.push = PushKind.UNSUBSCRIBE; codeAndMessage(p, "reason", o); }
                case "disconnect" -> { o.push = PushKind.DISCONNECT; codeAndMessage(p, "reason", o); }
                default -> p.skipChildren();
            }
        }
    }

    /** Reads a publication object; true when its data is a bench payload. */
    private static boolean publication(JsonParser p, Payload.Fields fields) throws IOException {
        boolean recognised = false;
        fields.clear();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("data".equals(name) && value == JsonToken.START_OBJECT) {
                recognised = Payload.read(p, fields);
            } else {
                p.skipChildren();
            }
        }
        return recognised;
    }

    private static void codeAndMessage(JsonParser p, String textField, Outcome o) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("code".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                o.code = p.getIntValue();
            } else if (textField.equals(name) && value == JsonToken.VALUE_STRING) {
                o.text = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    private enum Kind { PING, ERROR, CONNECT, RESULT, PUSH }

    /** The kinds of push the bench tells apart. */
    enum PushKind { PUBLICATION, UNSUBSCRIBE, DISCONNECT, OTHER }

    /** What the sub-objects of one reply said; one per thread, reset for every reply. */
    static final class Outcome {
        int code;
        String text = "";
        boolean flag;
        PushKind push;

        Outcome reset() {
            code = 0;
            text = "";
            flag = false;
            push = null;
            return this;
        }
    }
}
