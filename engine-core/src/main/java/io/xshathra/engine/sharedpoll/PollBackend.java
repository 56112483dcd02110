package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a shared-poll channel's poller gets the current data of its keys. The stage completes
 * with the backend's result (null = nothing changed) or fails (unreachable, timeout, an error
 * answer); a failure changes nothing, the next timer poll asks again.
 */
@FunctionalInterface
public interface PollBackend {

    /**
     * Asks for {@code items} of {@code channel}.
     *
     * @param projectId the channel's project space ("" = the default space)
     * @param options   the namespace's shared-poll options (they name the proxy)
     * @param channel   the channel as clients name it
     * @param items     the keys with the versions the node holds
     */
    CompletionStage<ProxyResult.SharedPollRefresh> refresh(String projectId, SharedPollOptions options,
                                                          String channel, List<Item> items);
}
