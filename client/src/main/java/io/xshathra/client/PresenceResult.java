package io.xshathra.client;

import java.util.Map;

/** Who is in a channel now: client id → connection, for every connection subscribed on any node. */
public record PresenceResult(Map<String, ClientInfo> clients) {
    public PresenceResult {
        clients = Map.copyOf(clients);
    }
}
