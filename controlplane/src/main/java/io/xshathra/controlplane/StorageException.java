package io.xshathra.controlplane;

/**
 * The database could not do what was asked: it is unreachable, an SQL statement failed, or the
 * storage executor's queue is full ({@link #overloaded()}). Answer 503; the message names the
 * cause but never a connection password.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean overloaded;

    public StorageException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StorageException(String message, Throwable cause, boolean overloaded) {
        super(message, cause);
        this.overloaded = overloaded;
    }

    /** True when the work was refused because too much was already waiting. */
    public boolean overloaded() {
        return overloaded;
    }
}
