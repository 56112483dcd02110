package io.xshathra.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A plain-socket HTTP/1.1 client that writes exactly the bytes a test gives it, good or bad. */
public final class RawHttp implements AutoCloseable {
    /** One answer: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket = new Socket();
    private final InputStream in;

    /** Connects to 127.0.0.1:{@code port}; reads time out after 5 seconds. */
    public RawHttp(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    public void send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one answer with a {@code Content-Length} body. */
    public Answer read() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before an answer");
            }
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
    }

    /**
     * Waits until the server closes the connection, reading and dropping whatever it sends, and
     * returns the milliseconds it took; fails when it is still open after {@code maxMillis}.
     */
    public long awaitClosed(long maxMillis) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout(50);
        while (true) {
            try {
                if (in.read() < 0) {
                    break;
                }
            } catch (SocketTimeoutException e) {
                // still open: check the deadline below
            } catch (SocketException e) {
                break;
            }
            if ((System.nanoTime() - start) / 1_000_000 > maxMillis) {
                throw new AssertionError("connection still open after " + maxMillis + " ms");
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Reads until what arrived contains {@code needle}; fails when it has not after {@code maxMillis}. */
    public String readUntil(String needle, long maxMillis) throws IOException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        socket.setSoTimeout(50);
        byte[] buf = new byte[4096];
        while (!got.toString(StandardCharsets.UTF_8).contains(needle)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + needle + " within " + maxMillis + " ms, got: " + got);
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("closed before " + needle + ", got: " + got);
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // nothing yet: check the deadline
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection (checked without waiting). */
    public boolean closedByServer() throws IOException {
        socket.setSoTimeout(1);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** The socket, for tests that read or tune it themselves. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
