package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
    /** Connections per project (never the default space), kept so that counting one costs a lookup. */
    private final Map<String, Integer> perProject = new ConcurrentHashMap<>();

    /** A user within a project's space ("" = the default space). */
    private record UserKey(String projectId, String user) {
    }

    /**
     * Connections and distinct users of one project on this node.
     *
     * @param connections connected clients of the project
     * @param users       distinct users among them
     */
    public record ProjectCounts(int connections, int users) {
    }

    /** Called once a session is authenticated. */
    void register(ClientSession s) {
        if (sessions.put(s.id(), s) != s && !s.projectId().isEmpty()) {
            perProject.merge(s.projectId(), 1, Integer::sum);
        }
        users.computeIfAbsent(new UserKey(s.projectId(), s.user()), u -> ConcurrentHashMap.newKeySet()).add(s);
    }

    /** Called when an authenticated session closes (or its connect is undone). */
    void unregister(ClientSession s) {
        if (sessions.remove(s.id(), s) && !s.projectId().isEmpty()) {
            perProject.computeIfPresent(s.projectId(), (p, n) -> n <= 1 ? null : n - 1);
        }
        users.computeIfPresent(new UserKey(s.projectId(), s.user()), (u, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Connections of one user of one project on this node ("" = the default space). */
    public int userConnectionCount(String projectId, String user) {
        Set<ClientSession> set = users.get(new UserKey(projectId, user));
        return set == null ? 0 : set.size();
    }

    /** Connections of one project on this node (0 for the default space, which is not counted apart). */
    public int projectConnections(String projectId) {
        Integer n = perProject.get(projectId);
        return n == null ? 0 : n;
    }

    /** Connections of each project with any on this node (a copy; the default space is not in it). */
    public Map<String, Integer> projectConnectionCounts() {
        return Map.copyOf(perProject);
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

    /** Projects with at least one connection on this node. */
    public Set<String> connectedProjects() {
        Set<String> out = new HashSet<>();
        for (ClientSession s : sessions.values()) {
            if (!s.projectId().isEmpty()) {
                out.add(s.projectId());
            }
        }
        return out;
    }

    /** Connections per project on this node, in one pass (projects without any are absent; no default space). */
    public Map<String, Integer> connectionsByProject() {
        Map<String, Integer> out = new HashMap<>();
        for (ClientSession s : sessions.values()) {
            if (!s.projectId().isEmpty()) {
                out.merge(s.projectId(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Connections and distinct users of one project ("" = the default space). */
    public ProjectCounts projectCounts(String projectId) {
        int connections = 0;
        Set<String> projectUsers = new HashSet<>();
        for (ClientSession s : sessions.values()) {
            if (s.projectId().equals(projectId)) {
                connections++;
                projectUsers.add(s.user());
            }
        }
        return new ProjectCounts(connections, projectUsers.size());
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
