package io.xshathra.engine.util;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use, once, by whichever thread asks first; later calls return it without
 * locking. For things a server may never need (an HTTP client when no backend is configured), so
 * that start-up does not pay for them.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> make;
    private volatile T value;

    public Lazy(Supplier<? extends T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(make.get(), "made a null value");
                    value = v;
                }
            }
        }
        return v;
    }
}
