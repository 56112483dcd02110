package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WebSocket client on a plain socket, for tests that control how (and whether) the client reads. */
final class RawWebSocket {
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+)");

    private RawWebSocket() {
    }

    /** A socket past the WebSocket handshake; a small receive buffer makes a client slow to read. */
    static Socket upgraded(int port, boolean smallReceiveBuffer) throws IOException {
        Socket s = new Socket();
        if (smallReceiveBuffer) {
            s.setReceiveBufferSize(4096);
        }
        s.setSendBufferSize(8192);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /realtime/connection/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(s.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Handshake, connect as {@code user} and subscribe to {@code chat:x} (command ids 1 and 2). */
    static Socket connected(int port, String user, boolean smallReceiveBuffer) throws IOException {
        Socket s = upgraded(port, smallReceiveBuffer);
        OutputStream out = s.getOutputStream();
        out.write(masked("{\"id\":1,\"connect\":{\"token\":\"" + TestServer.token(user) + "\"}}"));
        out.write(masked("{\"id\":2,\"subscribe\":{\"channel\":\"chat:x\"}}"));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        while (!replyIds(readFrame(in)).contains(2L)) {
            // the connect reply, then the subscribe reply (a join push may share its frame)
        }
        return s;
    }

    static byte[] masked(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** One server frame: opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    static Frame readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        long len = in.readUnsignedByte() & 0x7f;
        len = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reply ids in a text frame (pushes have none). */
    static List<Long> replyIds(Frame f) {
        List<Long> ids = new ArrayList<>();
        if (f.opcode() == 1) {
            for (String line : f.text().split("\n")) {
                Matcher m = REPLY_ID.matcher(line);
                if (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ids;
    }

    /** Reads until a close frame and returns its code. */
    static int closeCode(DataInputStream in) throws IOException {
        for (Frame f = readFrame(in); ; f = readFrame(in)) {
            if (f.opcode() == 8) {
                return f.closeCode();
            }
        }
    }
}
