package io.xshathra.controlplane.console;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for failed stages. */
final class Failures {

    private Failures() {
    }

    /** The cause a stage failed with, without the {@link CompletionException} wrapping. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
