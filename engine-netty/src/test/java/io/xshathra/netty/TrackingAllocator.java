package io.xshathra.netty;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled heap allocator that remembers every buffer it hands out, so a test can check
 * deterministically that each one was released (the paranoid leak detector only reports after a
 * garbage collection, and only to the log). Buffers still get the leak-aware wrapper.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        synchronized (allocated) {
            allocated.add(b);
        }
        return b;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    int allocations() {
        synchronized (allocated) {
            return allocated.size();
        }
    }

    /** Buffers not yet released. */
    List<ByteBuf> unreleased() {
        synchronized (allocated) {
            return allocated.stream().filter(b -> b.refCnt() != 0).toList();
        }
    }
}
