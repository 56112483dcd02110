package io.xshathra.engine.presence;

import io.xshathra.protocol.proto.ClientInfo;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Who is subscribed to which channel, cluster-wide. Entries are keyed by client id; adding an
 * existing entry replaces it (and refreshes its TTL where the implementation has one).
 */
public interface PresenceManager extends AutoCloseable {

    CompletionStage<Void> add(String channel, String clientId, ClientInfo info);

    CompletionStage<Void> remove(String channel, String clientId);

    /** Client id to info, for every live entry. */
    CompletionStage<Map<String, ClientInfo>> presence(String channel);

    CompletionStage<PresenceStats> stats(String channel);

    @Override
    void close();
}
