package io.xshathra.engine.proxy;

import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;

/**
 * A backend's answer: a {@code disconnect} (wins), an {@code error}, or a result (which may be
 * null: the backend answered {@code {}}).
 *
 * @param <R> the result type of the call's kind
 */
public record ProxyReply<R>(R result, ClientError error, Disconnect disconnect) {

    public static <R> ProxyReply<R> of(R result) {
        return new ProxyReply<>(result, null, null);
    }
}
