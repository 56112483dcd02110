package io.xshathra.bench.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceCheckTest {
    private static final ProcFiles.PortRange PORTS = ProcFiles.portRange(ProcFilesTest.sample("ip_local_port_range"));
    private static final ProcFiles.Limit FDS = ProcFiles.openFiles(ProcFilesTest.sample("limits"));

    private static List<String> check(int sockets, int sources, boolean loopback, ProcFiles.Limit fds,
                                      ProcFiles.Limit server) {
        return ResourceCheck.problems(new ResourceCheck.Plan(sockets, sources, loopback),
                new ResourceCheck.Host(fds, 20, PORTS, server));
    }

    @Test
    void smallRunsPass() {
        assertThat(check(500, 1, true, FDS, null)).isEmpty();
    }

    @Test
    void tooManySocketsForTheOpenFilesLimit() {
        List<String> problems = check(2000, 1, true, FDS, null);
        assertThat(problems).singleElement().asString()
                .contains("2084 file descriptors").contains("limit is 1024").contains("ulimit -n 2084");
    }

    @Test
    void theServersLimitCountsToo() {
        ProcFiles.Limit big = new ProcFiles.Limit(1_000_000, 1_000_000);
        assertThat(check(5000, 1, true, big, new ProcFiles.Limit(4096, 4096))).singleElement().asString()
                .contains("server process may open at most 4096");
    }

    @Test
    void tooManySocketsForOneSourceAddress() {
        ProcFiles.Limit big = new ProcFiles.Limit(1_000_000, 1_000_000);
        List<String> problems = check(60_000, 1, true, big, null);
        assertThat(problems).singleElement().asString()
                .contains("32768-60999").contains("--source-addresses 3");
        assertThat(check(60_000, 3, true, big, null)).isEmpty();
    }

    @Test
    void sourceAddressesOnlyForLoopback() {
        assertThat(check(10, 4, false, FDS, null)).singleElement().asString().contains("loopback");
    }
}
