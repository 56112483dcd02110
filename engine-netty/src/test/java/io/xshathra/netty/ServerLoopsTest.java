package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;

class ServerLoopsTest {
    @Test
    void theLoopThreadsCarryTheServersNameAndStayNettyThreads() throws Exception {
        try (ServerLoops loops = ServerLoops.start(2)) {
            Thread io = loops.workers().submit(Thread::currentThread).get();
            Thread accept = loops.boss().submit(Thread::currentThread).get();
            assertThat(io.getName()).startsWith("xshathra-io-");
            assertThat(accept.getName()).startsWith("xshathra-accept-");
            // Fast thread-locals (the flush batch, the allocator's caches) need Netty's thread type.
            assertThat(io).isInstanceOf(FastThreadLocalThread.class);
            assertThat(io.isDaemon()).isFalse();
        }
    }
}
