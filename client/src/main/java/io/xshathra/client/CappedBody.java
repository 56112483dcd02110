package io.xshathra.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a byte cap. A body that announces a larger
 * {@code Content-Length}, or grows past the cap while streaming, is abandoned (the subscription
 * is cancelled, which closes the exchange) and the body fails with {@link TooLarge}.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The failure of a body over the cap. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        TooLarge(int status, long cap) {
            super("the answer is larger than " + cap + " bytes", null, false, false);
            this.status = status;
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final int cap;
    private final int status;
    private final long declared;
    private byte[] buf = new byte[256];
    private int size;
    private Flow.Subscription subscription;

    private CappedBody(int cap, int status, long declared) {
        this.cap = cap;
        this.status = status;
        this.declared = declared;
    }

    /** A handler whose bodies are capped at {@code cap} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap) {
        return info -> new CappedBody(cap, info.statusCode(),
                info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (declared > cap) {
            s.cancel();
            result.completeExceptionally(new TooLarge(status, cap));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if ((long) size + n > cap) {
                subscription.cancel();
                buf = null;
                result.completeExceptionally(new TooLarge(status, cap));
                return;
            }
            if (size + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(cap, Math.max((long) buf.length * 2, size + n)));
            }
            b.get(buf, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (!result.isDone()) {
            result.complete(java.util.Arrays.copyOf(buf, size));
        }
    }
}
