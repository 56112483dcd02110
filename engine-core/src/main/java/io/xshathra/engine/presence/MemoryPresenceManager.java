package io.xshathra.engine.presence;

import io.xshathra.protocol.proto.ClientInfo;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence of one node, in memory, without TTL: entries live until removed, and a channel's map
 * goes with its last client, so a channel nobody is in costs nothing.
 */
public final class MemoryPresenceManager implements PresenceManager {
    private final Map<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> add(String channel, String clientId, ClientInfo info) {
        channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(clientId, info);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String channel, String clientId) {
        channels.computeIfPresent(channel, (c, m) -> {
            m.remove(clientId);
            return m.isEmpty() ? null : m;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, ClientInfo>> presence(String channel) {
        Map<String, ClientInfo> m = channels.get(channel);
        return CompletableFuture.completedFuture(m == null ? Map.of() : Map.copyOf(m));
    }

    @Override
    public CompletionStage<PresenceStats> stats(String channel) {
        Map<String, ClientInfo> m = channels.get(channel);
        if (m == null) {
            return CompletableFuture.completedFuture(new PresenceStats(0, 0));
        }
        Set<String> users = new HashSet<>();
        int clients = 0;
        for (ClientInfo info : m.values()) {
            clients++;
            users.add(info.getUser());
        }
        return CompletableFuture.completedFuture(new PresenceStats(clients, users.size()));
    }

    /** Channels with at least one client present (for tests and metrics). */
    public int channelCount() {
        return channels.size();
    }

    @Override
    public void close() {
        channels.clear();
    }
}
