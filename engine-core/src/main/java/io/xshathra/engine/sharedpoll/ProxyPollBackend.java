package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.proxy.CallHeaders;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.Proxies;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Polls through the namespace's {@code shared_poll_refresh} proxy (HTTP or gRPC, whichever
 * transport serves the endpoint). No client headers are sent: polls belong to no connection. An
 * {@code error} or {@code disconnect} answer is a failed poll.
 */
public final class ProxyPollBackend implements PollBackend {
    private final Proxies proxies;

    public ProxyPollBackend(Proxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public CompletionStage<ProxyResult.SharedPollRefresh> refresh(String projectId, SharedPollOptions options,
                                                                 String channel, List<Item> items) {
        ProxyEndpoint ep = proxies.directory().sharedPollRefresh(projectId, options);
        if (ep == null) {
            return CompletableFuture.failedFuture(new ProxyException(ProxyException.Reason.UNREACHABLE,
                    "no shared_poll_refresh proxy for the namespace"));
        }
        return proxies.call(ep, CallHeaders.NONE, new ProxyRequest.SharedPollRefresh(channel, items))
                .thenApply(reply -> {
                    if (reply.error() != null || reply.disconnect() != null) {
                        throw new ProxyException(ProxyException.Reason.STATUS, "backend answered with "
                                + (reply.error() != null ? "error " + reply.error().code()
                                : "disconnect " + reply.disconnect().code()));
                    }
                    return reply.result();
                });
    }
}
