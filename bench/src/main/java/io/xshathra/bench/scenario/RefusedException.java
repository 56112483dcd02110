package io.xshathra.bench.scenario;

import java.util.List;

/** The run cannot start as asked on this machine or with these options; says what to change. */
public final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }

    /** One exception for several problems, one per line. */
    public static RefusedException of(List<String> problems) {
        return new RefusedException(String.join(System.lineSeparator(), problems));
    }
}
