package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The authenticated sessions of one node, by client id and by (project, user): the same user id
 * in two projects is two users (the connection limit and API targets never cross projects).
 * Bounded by the connections themselves: a session is added when it connects and removed when
 * it closes. Thread-safe; actions on sessions hop to each session's event loop.
 */
public final class SessionRegistry {
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<UserKey, Set<ClientSession>> users = new ConcurrentHashMap<>();
    /**
     * Connections and distinct users per channel space ("" = the default space), kept as sessions
     * come and go so that the per-project questions cost a lookup rather than a walk over every
     * session. A space without connections has no entry.
     */
    private final Map<String, ProjectCounts> perSpace = new ConcurrentHashMap<>();

    /**
     * A user within a project's space ("" = the default space). Its equality is written out: a
     * record's generated one is assembled from method handles at first use, which spins classes
     * at every server start.
     */
    private record UserKey(String projectId, String user) {
        @Override
        public boolean equals(Object o) {
            return o instanceof UserKey k && projectId.equals(k.projectId) && user.equals(k.user);
        }

        @Override
        public int hashCode() {
            return 31 * projectId.hashCode() + user.hashCode();
        }
    }

    /**
     * Connections and distinct users of one project on this node.
     *
     * @param connections connected clients of the project
     * @param users       distinct users among them
     */
    public record ProjectCounts(int connections, int users) {
        private static final ProjectCounts ZERO = new ProjectCounts(0, 0);
    }

    /** Called once a session is authenticated. */
    void register(ClientSession s) {
        boolean added = sessions.put(s.id(), s) != s;
        boolean[] firstOfUser = new boolean[1];
        users.compute(new UserKey(s.projectId(), s.user()), (u, set) -> {
            Set<ClientSession> held = set != null ? set : ConcurrentHashMap.newKeySet();
            firstOfUser[0] = set == null;
            held.add(s);
            return held;
        });
        count(s.projectId(), added ? 1 : 0, firstOfUser[0] ? 1 : 0);
    }

    /** Called when an authenticated session closes (or its connect is undone). */
    void unregister(ClientSession s) {
        boolean removed = sessions.remove(s.id(), s);
        boolean[] lastOfUser = new boolean[1];
        users.computeIfPresent(new UserKey(s.projectId(), s.user()), (u, set) -> {
            set.remove(s);
            lastOfUser[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        count(s.projectId(), removed ? -1 : 0, lastOfUser[0] ? -1 : 0);
    }

    /** Moves a space's counts; each change of a session or a user's set is counted exactly once. */
    private void count(String projectId, int connections, int distinctUsers) {
        if (connections == 0 && distinctUsers == 0) {
            return;
        }
        perSpace.compute(projectId, (p, c) -> {
            int conns = (c == null ? 0 : c.connections()) + connections;
            int us = (c == null ? 0 : c.users()) + distinctUsers;
            return conns <= 0 && us <= 0 ? null : new ProjectCounts(conns, us);
        });
    }

    /** Connections of one user of one project on this node ("" = the default space). */
    public int userConnectionCount(String projectId, String user) {
        Set<ClientSession> set = users.get(new UserKey(projectId, user));
        return set == null ? 0 : set.size();
    }

    /** Connections of one project on this node (0 for the default space, which is not counted apart). */
    public int projectConnections(String projectId) {
        return projectId.isEmpty() ? 0 : projectCounts(projectId).connections();
    }

    /** Connections of each project with any on this node (a copy; the default space is not in it). */
    public Map<String, Integer> projectConnectionCounts() {
        Map<String, Integer> out = new HashMap<>();
        perSpace.forEach((p, c) -> {
            if (!p.isEmpty() && c.connections() > 0) {
                out.put(p, c.connections());
            }
        });
        return out;
    }

    /** Connected sessions of a user ("" = anonymous) in one project ("" = the default space). */
    public Collection<ClientSession> sessionsOf(String projectId, String user) {
        Set<ClientSession> set = users.get(new UserKey(projectId, user));
        return set == null ? List.of() : List.copyOf(set);
    }

    public ClientSession session(String clientId) {
        return sessions.get(clientId);
    }

    public int numClients() {
        return sessions.size();
    }

    /** Distinct users connected to this node, a user of each project counted apart. */
    public int numUsers() {
        return users.size();
    }

    /** Projects with at least one connection on this node (a copy; the default space is not in it). */
    public Set<String> connectedProjects() {
        return projectConnectionCounts().keySet();
    }

    /** Connections and distinct users of one project ("" = the default space). */
    public ProjectCounts projectCounts(String projectId) {
        return perSpace.getOrDefault(projectId, ProjectCounts.ZERO);
    }

    /** Runs {@code action} on the event loop of every session (a snapshot of them). */
    public void forEachOnLoop(Consumer<ClientSession> action) {
        for (ClientSession s : List.copyOf(sessions.values())) {
            s.execute(() -> action.accept(s));
        }
    }

    /** Closes every connection of a project (for example when it is deleted). */
    public void disconnectProject(String projectId, Disconnect d) {
        for (ClientSession s : List.copyOf(sessions.values())) {
            if (s.projectId().equals(projectId)) {
                s.execute(() -> s.disconnect(d));
            }
        }
    }
}
