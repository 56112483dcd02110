package io.xshathra.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what the JDK client hides: the HTTP status and
 * headers of a refused upgrade, and a peer that stops reading (its receive buffer can be made
 * small, and nothing is read until the test asks). Frames it sends are masked, as RFC 6455
 * requires of clients; frames it reads are the server's, unmasked.
 */
public final class RawSocketWs implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The handshake response status code. */
    public final int status;
    /** The handshake response headers, names in lower case. */
    public final Map<String, String> headers;

    private RawSocketWs(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
    }

    /**
     * Connects and sends the upgrade request for {@code path}.
     *
     * @param receiveBuffer SO_RCVBUF to ask for before connecting, 0 for the system's default
     * @param extraHeaders  e.g. {@code Origin}
     */
    public static RawSocketWs connect(int port, String path, int receiveBuffer, Map<String, String> extraHeaders)
            throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        StringBuilder req = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(random(16))).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Map<String, String> headers = new LinkedHashMap<>();
        int status = readHead(s.getInputStream(), headers);
        return new RawSocketWs(s, status, headers);
    }

    /** Reads a status line and headers; the status code. */
    private static int readHead(InputStream in, Map<String, String> headers) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return Integer.parseInt(parts[1]);
    }

    /** After a refused upgrade: the body of that response (by its Content-Length). */
    public String responseBody() throws IOException {
        byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * After a refused upgrade on a kept-alive connection: sends a plain GET and returns the status
     * code of the next response on the connection (which must be the answer to this request).
     */
    public int nextRequestStatus(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readHead(in, new LinkedHashMap<>());
    }

    /** Reads a CRLF-terminated header line byte by byte, so no frame byte is consumed. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** One masked text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A text message compressed with permessage-deflate (RSV1 set, no context takeover). */
    public void sendCompressedText(String text) throws IOException {
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        d.end();
        byte[] all = out.toByteArray();
        // The message drops the empty stored block's 00 00 ff ff trailer.
        sendFrame(0x40 | 0x1, java.util.Arrays.copyOf(all, all.length - 4));
    }

    /** The receiving side's inflater: the server keeps its compression context between messages. */
    private final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);

    /** Inflates the next permessage-deflate payload received on this connection. */
    public String inflate(byte[] payload) throws IOException {
        java.util.zip.Inflater inf = inflater;
        byte[] in = java.util.Arrays.copyOf(payload, payload.length + 4);
        in[payload.length + 2] = (byte) 0xff;
        in[payload.length + 3] = (byte) 0xff;
        inf.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = inf.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] mask = random(4);
        f.write(mask);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload, boolean compressed) {
        public boolean isClose() {
            return opcode == 0x8;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** "code reason" of a close frame. */
        public String closeReason() {
            if (payload.length < 2) {
                return "no status";
            }
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    /** Reads the next frame; fails if nothing arrives within the socket timeout. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("server frames must not be masked");
        }
        byte[] payload = new byte[Math.toIntExact(len)];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload, (b0 & 0x40) != 0);
    }

    /** Reads and drops frames until the server's close frame; its "code reason", or what happened instead. */
    public String drainToClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame f;
            try {
                f = readFrame();
            } catch (SocketTimeoutException e) {
                break;
            } catch (EOFException e) {
                return "TCP closed without a close frame";
            }
            if (f.isClose()) {
                return f.closeReason();
            }
        }
        return "no close frame within " + timeout.toMillis() + " ms";
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}
