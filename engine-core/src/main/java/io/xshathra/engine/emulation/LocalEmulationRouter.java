package io.xshathra.engine.emulation;

import io.xshathra.engine.client.ClientSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulation sessions of this node and the single-node {@link EmulationRouter}: a request
 * naming another node is {@link Outcome#UNKNOWN_NODE}. Transports {@link #add} a session when
 * the stream opens and {@link #remove} it when the stream ends.
 *
 * <p>Thread-safe (a concurrent map); delivery hops to the session's event loop.
 */
public final class LocalEmulationRouter implements EmulationRouter {
    private final String nodeId;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();

    /** @param nodeId this node's id, as the connect result reports it */
    public LocalEmulationRouter(String nodeId) {
        this.nodeId = nodeId;
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    /** Registers an open emulation stream. */
    public void add(String sessionId, ClientSession session) {
        sessions.put(sessionId, session);
    }

    /** Forgets a closed stream. Idempotent. */
    public void remove(String sessionId) {
        sessions.remove(sessionId);
    }

    /** Number of open emulation streams on this node. */
    public int size() {
        return sessions.size();
    }

    /** Delivers locally, if the session lives here. */
    public Outcome deliverLocal(String session, byte[] frame) {
        ClientSession s = sessions.get(session);
        if (s == null) {
            return Outcome.UNKNOWN_SESSION;
        }
        s.execute(() -> s.handleFrame(frame));
        return Outcome.DELIVERED;
    }

    @Override
    public CompletionStage<Outcome> route(String node, String session, byte[] frame) {
        if (!nodeId.equals(node)) {
            return CompletableFuture.completedFuture(Outcome.UNKNOWN_NODE);
        }
        return CompletableFuture.completedFuture(deliverLocal(session, frame));
    }
}
