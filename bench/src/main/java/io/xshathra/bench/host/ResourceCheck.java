package io.xshathra.bench.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks, before a run, that this machine can open the sockets it asks for: the open-files limit
 * of this process (and of the server, when its pid is known) and the ephemeral ports available
 * per source address. Nothing is raised silently: a problem is reported with what to change.
 */
public final class ResourceCheck {
    /** Descriptors kept free for the JVM, the event loops and the reports. */
    static final int FD_HEADROOM = 64;
    /** Ephemeral ports left for everything else on the machine (and sockets in TIME_WAIT). */
    static final int PORT_HEADROOM = 1000;

    private ResourceCheck() {
    }

    /**
     * What a run needs.
     *
     * @param sockets         client sockets open at the same time
     * @param sourceAddresses loopback source addresses they are spread over
     * @param loopbackTarget  whether the server is on loopback
     */
    public record Plan(int sockets, int sourceAddresses, boolean loopbackTarget) {
    }

    /** What the machine offers (read from /proc, or given by tests). */
    public record Host(ProcFiles.Limit openFiles, int openNow, ProcFiles.PortRange ports,
                       ProcFiles.Limit serverOpenFiles) {

        /** This machine, and the server process when {@code server} is not null. */
        public static Host current(ServerProcess server) {
            ProcFiles.Limit own = ProcFiles.openFiles(required(Path.of("/proc/self/limits")));
            ProcFiles.PortRange ports = ProcFiles.portRange(
                    required(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
            ProcFiles.Limit serverLimit = server == null ? null : server.openFiles();
            return new Host(own, openDescriptors(), ports, serverLimit);
        }

        private static String required(Path file) {
            String text = ProcFiles.read(file);
            if (text == null) {
                throw new IllegalStateException("cannot read " + file + " (the bench needs Linux /proc)");
            }
            return text;
        }

        private static int openDescriptors() {
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                return (int) s.count();
            } catch (Exception e) {
                return FD_HEADROOM;
            }
        }
    }

    /** Every reason the plan cannot run on the host; empty when it can. */
    public static List<String> problems(Plan plan, Host host) {
        List<String> out = new ArrayList<>();
        if (plan.sourceAddresses() > 1 && !plan.loopbackTarget()) {
            out.add("--source-addresses " + plan.sourceAddresses() + " binds 127.0.0.x source addresses,"
                    + " which only reach a loopback server; use 1 for a remote server");
        }
        long needFds = (long) plan.sockets() + host.openNow() + FD_HEADROOM;
        if (needFds > host.openFiles().soft()) {
            out.add("this run needs about " + needFds + " file descriptors (" + plan.sockets()
                    + " sockets) but the open-files limit is " + host.openFiles().soft()
                    + " (hard " + limit(host.openFiles().hard()) + "); raise it with `ulimit -n "
                    + needFds + "` in the shell that starts the bench");
        }
        if (host.serverOpenFiles() != null && plan.sockets() + FD_HEADROOM > host.serverOpenFiles().soft()) {
            out.add("the server process may open at most " + host.serverOpenFiles().soft()
                    + " files, fewer than the " + plan.sockets() + " connections asked for;"
                    + " restart it with a higher `ulimit -n`");
        }
        int perSource = (plan.sockets() + plan.sourceAddresses() - 1) / plan.sourceAddresses();
        int usable = host.ports().size() - PORT_HEADROOM;
        if (perSource > usable) {
            int sources = (plan.sockets() + usable - 1) / Math.max(1, usable);
            out.add("the ephemeral port range " + host.ports().low() + "-" + host.ports().high() + " ("
                    + host.ports().size() + " ports, " + PORT_HEADROOM + " kept free) cannot hold "
                    + perSource + " sockets per source address; use --source-addresses "
                    + Math.max(2, sources) + " (loopback only) or widen"
                    + " /proc/sys/net/ipv4/ip_local_port_range");
        }
        return out;
    }

    private static String limit(long n) {
        return n == Long.MAX_VALUE ? "unlimited" : Long.toString(n);
    }
}
