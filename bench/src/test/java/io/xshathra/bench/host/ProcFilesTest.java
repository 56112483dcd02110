package io.xshathra.bench.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

    static Path proc() {
        try {
            return Path.of(ProcFilesTest.class.getResource("/proc/limits").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sample(String name) {
        return ProcFiles.read(proc().resolve(name));
    }

    @Test
    void openFilesLimit() {
        assertThat(ProcFiles.openFiles(sample("limits"))).isEqualTo(new ProcFiles.Limit(1024, 524288));
        assertThat(ProcFiles.openFiles("Max open files            unlimited            unlimited            files"))
                .isEqualTo(new ProcFiles.Limit(Long.MAX_VALUE, Long.MAX_VALUE));
        assertThatThrownBy(() -> ProcFiles.openFiles("Max processes 1 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portRange() {
        ProcFiles.PortRange r = ProcFiles.portRange(sample("ip_local_port_range"));
        assertThat(r).isEqualTo(new ProcFiles.PortRange(32768, 60999));
        assertThat(r.size()).isEqualTo(28232);
        assertThatThrownBy(() -> ProcFiles.portRange("3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void residentMemoryAndCpuOfAProcess() {
        ServerProcess p = new ServerProcess(4242, proc());
        assertThat(p.exists()).isTrue();
        assertThat(p.residentKb()).isEqualTo(173992);
        // The command name holds spaces and parentheses; utime 1234 + stime 567.
        assertThat(p.cpuTicks()).isEqualTo(1801);
        assertThat(p.openFiles().soft()).isEqualTo(20000);
        assertThat(new ServerProcess(4243, proc()).exists()).isFalse();
    }

    @Test
    void machineBusyTicks() {
        // user + nice + system + irq + softirq + steal; idle and iowait left out.
        assertThat(ProcFiles.busyTicks(sample("stat"))).isEqualTo(10132153L + 290696 + 3084719 + 0 + 25195 + 0);
        assertThatThrownBy(() -> ProcFiles.busyTicks("intr 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuPercentBetweenSamples() {
        ServerProcess.Sample a = new ServerProcess.Sample(0, 1000, 1);
        ServerProcess.Sample b = new ServerProcess.Sample(2_000_000_000L, 1150, 1);
        // 150 ticks = 1.5 s of CPU in 2 s.
        assertThat(b.cpuPercentSince(a)).isEqualTo(75.0);
    }

    @Test
    void realProcFilesAreReadInFull() {
        String range = ProcFiles.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        if (range != null) {
            assertThat(ProcFiles.portRange(range).size()).isPositive();
        }
    }
}
