package io.xshathra.microbench;

import io.xshathra.engine.client.Transport;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link Transport} without a network: {@link #write} only counts messages and bytes, so a
 * benchmark sees the engine's cost up to the hand-over to the transport and nothing after it.
 * Used on its event loop only, like a real transport.
 */
public final class CountingTransport implements Transport {
    private final ProtocolType protocol;
    private final ScheduledExecutorService loop;
    private long writes;
    private long bytes;
    private byte[] last;
    private Disconnect closedWith;

    public CountingTransport(ProtocolType protocol, ScheduledExecutorService loop) {
        this.protocol = protocol;
        this.loop = loop;
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public ScheduledExecutorService executor() {
        return loop;
    }

    @Override
    public void write(byte[] encodedReply) {
        writes++;
        bytes += encodedReply.length;
        last = encodedReply;
    }

    @Override
    public void close(Disconnect disconnect) {
        if (closedWith == null) {
            closedWith = disconnect;
        }
    }

    @Override
    public void abort() {
        close(Disconnect.CONNECTION_CLOSED);
    }

    /** Replies and pushes written so far. */
    public long writes() {
        return writes;
    }

    /** Bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /** The last reply or push written (shared bytes, not a copy), or null. */
    public byte[] lastWrite() {
        return last;
    }

    /** The disconnect the engine closed this transport with, or null while open. */
    public Disconnect closedWith() {
        return closedWith;
    }
}
