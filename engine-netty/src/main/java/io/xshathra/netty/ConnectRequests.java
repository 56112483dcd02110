package io.xshathra.netty;

import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.json.JsonCodec;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the bare JSON {@code ConnectRequest} that unidirectional clients send (in a query
 * parameter, a request body or a first WebSocket message), with the same JSON rules as
 * commands.
 */
final class ConnectRequests {
    private static final byte[] OPEN = "{\"id\":1,\"connect\":".getBytes(StandardCharsets.US_ASCII);

    private ConnectRequests() {
    }

    /**
     * Parses one JSON object; empty input is an empty request.
     *
     * @throws ProtocolException when the input is not one JSON object of the request's shape
     */
    static ConnectRequest parseJson(byte[] json) throws ProtocolException {
        int start = 0;
        int end = json.length;
        while (start < end && isSpace(json[start])) {
            start++;
        }
        while (end > start && isSpace(json[end - 1])) {
            end--;
        }
        if (start == end) {
            return ConnectRequest.getDefaultInstance();
        }
        if (json[start] != '{') {
            throw new ProtocolException(io.xshathra.protocol.Disconnect.BAD_REQUEST, "connect request is not an object");
        }
        byte[] wrapped = new byte[OPEN.length + (end - start) + 1];
        System.arraycopy(OPEN, 0, wrapped, 0, OPEN.length);
        for (int i = start; i < end; i++) {
            byte b = json[i];
            // Line breaks are whitespace between JSON tokens (never legal inside strings), but the
            // frame reader splits on them.
            wrapped[OPEN.length + i - start] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        wrapped[wrapped.length - 1] = '}';
        List<Command> cmds = JsonCodec.INSTANCE.decodeCommands(wrapped);
        if (cmds.size() != 1 || !cmds.get(0).hasConnect()) {
            throw new ProtocolException(io.xshathra.protocol.Disconnect.BAD_REQUEST, "not a connect request");
        }
        return cmds.get(0).getConnect();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
