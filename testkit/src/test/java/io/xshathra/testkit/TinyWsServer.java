package io.xshathra.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket server for one connection on a plain socket, so the client's tests see exact
 * frames in both directions: it sends unmasked frames and reads (and unmasks) the client's.
 */
final class TinyWsServer implements AutoCloseable {
    /** RFC 6455's fixed GUID for the Sec-WebSocket-Accept digest. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CompletableFuture<Void> accepted;
    final Map<String, String> requestHeaders = new LinkedHashMap<>();
    private Socket peer;
    private DataInputStream in;
    private OutputStream out;

    /** Starts accepting; {@code status} 101 completes the upgrade (selecting {@code subprotocol} if not null). */
    TinyWsServer(int status, String subprotocol) throws IOException {
        accepted = CompletableFuture.runAsync(() -> {
            try {
                accept(status, subprotocol);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    String url() {
        return "ws://127.0.0.1:" + listener.getLocalPort() + "/ws";
    }

    private void accept(int status, String subprotocol) throws Exception {
        peer = listener.accept();
        peer.setSoTimeout(5000);
        in = new DataInputStream(peer.getInputStream());
        out = peer.getOutputStream();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                requestHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (status != 101) {
            out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((requestHeaders.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Waits until the handshake was answered. */
    TinyWsServer awaitAccepted() {
        accepted.join();
        return this;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed in the handshake");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] payload) throws IOException {
        send(0x2, payload);
    }

    void sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[r.length + 2];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        send(0x8, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        out.write(0x80 | opcode);
        out.write(payload.length);
        out.write(payload);
        out.flush();
    }

    /** The payload of the client's next frame, as text. */
    String readText() throws IOException {
        in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(len);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (peer != null) {
            peer.close();
        }
        listener.close();
    }
}
