package io.xshathra.netty;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the plain HTTP phase of a connection: how long a client may take to send a request,
 * how long an idle keep-alive connection stays open, how large a request head may be, and how
 * many pipelined request bytes are held while an earlier request is being answered. None of them
 * applies once a connection became a WebSocket or an HTTP stream.
 *
 * @param readHeaderTimeout   from the first byte of a request (or from accept, for a new
 *                            connection) until its head is complete; total, not per byte
 * @param readBodyTimeout     from the end of the head until the last byte of the body; total, so a
 *                            body trickled a byte at a time cannot hold the connection longer
 * @param idleTimeout         how long a keep-alive connection may wait for its next request
 * @param writeTimeout        how long a response may take to leave once written; a client that
 *                            does not read its responses is closed after it
 * @param maxInitialLineLength longest request line, in bytes (longer: 414)
 * @param maxHeaderSize       largest header block, in bytes (larger: 431)
 * @param maxHeaderCount      most header fields in one request (more: 431)
 * @param pipelineBufferSize  bytes of complete requests held behind the one in flight; one such
 *                            request is always held whatever its size. When a further request
 *                            would pass the bound, it and everything after it are dropped, the
 *                            held requests are answered in order, and the connection closes
 *                            (HTTP/1.1 clients retry unanswered pipelined requests)
 */
public record HttpEdgeSettings(
        Duration readHeaderTimeout,
        Duration readBodyTimeout,
        Duration idleTimeout,
        Duration writeTimeout,
        int maxInitialLineLength,
        int maxHeaderSize,
        int maxHeaderCount,
        int pipelineBufferSize) {

    public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8192;
    public static final int DEFAULT_MAX_HEADER_SIZE = 16384;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final int DEFAULT_PIPELINE_BUFFER_SIZE = 65536;

    public HttpEdgeSettings {
        positive(readHeaderTimeout, "readHeaderTimeout");
        positive(readBodyTimeout, "readBodyTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(writeTimeout, "writeTimeout");
        if (maxInitialLineLength < 64 || maxHeaderSize < 64 || maxHeaderCount < 1 || pipelineBufferSize < 0) {
            throw new IllegalArgumentException("HTTP limits out of range: " + maxInitialLineLength + ", "
                    + maxHeaderSize + ", " + maxHeaderCount + ", " + pipelineBufferSize);
        }
    }

    /**
     * Request head within 10 s, body within 30 s, keep-alive idle 75 s (longer than the 60 s a
     * proxy such as nginx keeps an idle upstream connection, so the proxy closes first), responses
     * out within 30 s; request line 8 KiB, header block 16 KiB, 100 header fields, 64 KiB of held
     * pipelined requests.
     */
    public static HttpEdgeSettings defaults() {
        return new HttpEdgeSettings(DEFAULT_READ_HEADER_TIMEOUT, DEFAULT_READ_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE,
                DEFAULT_MAX_HEADER_COUNT, DEFAULT_PIPELINE_BUFFER_SIZE);
    }

    /** The same limits with other timeouts (header, body, idle, write). */
    public HttpEdgeSettings withTimeouts(Duration header, Duration body, Duration idle, Duration write) {
        return new HttpEdgeSettings(header, body, idle, write, maxInitialLineLength, maxHeaderSize,
                maxHeaderCount, pipelineBufferSize);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
