package io.xshathra.server.warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking HTTP/1.1 and WebSocket client for this process's own loopback listener:
 * just enough to drive the request paths once before the public port accepts anyone
 * ({@link StartupWarmup}). Every read has a timeout and every frame a size bound; nothing here
 * talks to another host.
 */
final class LoopbackClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int MAX_FRAME = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LoopbackClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** One HTTP request on a fresh connection; returns the status code (the body is read and dropped). */
    static int request(int port, String method, String path, String headers, byte[] body) throws IOException {
        try (LoopbackClient c = new LoopbackClient(port)) {
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + body.length + "\r\n\r\n";
            c.out.write(head.getBytes(StandardCharsets.US_ASCII));
            c.out.write(body);
            c.out.flush();
            int status = c.readStatus();
            c.in.transferTo(OutputStream.nullOutputStream());
            return status;
        }
    }

    /** Opens a WebSocket at {@code path}; throws unless the server switches protocols. */
    static LoopbackClient webSocket(int port, String path) throws IOException {
        LoopbackClient c = new LoopbackClient(port);
        try {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            c.out.write(head.getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            int status = c.readStatus();
            if (status != 101) {
                throw new IOException("websocket upgrade answered " + status);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends one masked data frame: text when {@code text}, else binary. */
    void send(byte[] payload, boolean text) throws IOException {
        sendFrame(text ? 0x1 : 0x2, payload);
    }

    /** The payload of the next data frame (control frames other than close are skipped). */
    byte[] receive() throws IOException {
        for (;;) {
            int b0 = readByte();
            int b1 = readByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            if (len > MAX_FRAME) {
                throw new IOException("frame of " + len + " bytes");
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length < len) {
                throw new EOFException();
            }
            int opcode = b0 & 0x0F;
            if (opcode == 0x8) {
                throw new EOFException("closed by the server");
            }
            if (opcode == 0x1 || opcode == 0x2) {
                return payload;
            }
        }
    }

    /** Sends a close frame (normal closure) and closes the socket. */
    void closeGracefully() {
        try {
            sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
        } catch (IOException ignored) {
            // The socket closes below either way.
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the connection is gone.
        }
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            throw new IOException("frame too large for the warm-up");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        f.writeTo(out);
        out.flush();
    }

    /** Reads the status line and the headers, up to the blank line; returns the status code. */
    private int readStatus() throws IOException {
        String status = readLine();
        while (!readLine().isEmpty()) {
            // Headers are not needed.
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2) {
            throw new IOException("bad status line");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line", e);
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (;;) {
            int c = readByte();
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            if (b.length() > 8192) {
                throw new IOException("header line too long");
            }
            b.append((char) c);
        }
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException();
        }
        return c;
    }
}
