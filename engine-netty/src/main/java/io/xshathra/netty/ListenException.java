package io.xshathra.netty;

/**
 * The server could not listen on its address: the message names the address and port and says
 * why in plain words ({@link #inUse()}: another process listens there already).
 */
public final class ListenException extends IllegalStateException {
    private final boolean inUse;

    ListenException(String address, int port, Throwable cause) {
        super(message(address, port, cause), cause);
        this.inUse = inUse(cause);
    }

    /** True when another process already listens on the address and port. */
    public boolean inUse() {
        return inUse;
    }

    private static boolean inUse(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        return cause instanceof java.net.BindException && m.contains("in use") || m.contains("Address already in use");
    }

    private static String message(String address, int port, Throwable cause) {
        String where = (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        if (inUse(cause)) {
            return "cannot listen on " + where + ": the port is already in use by another process";
        }
        return "cannot listen on " + where + ": " + cause.getMessage();
    }
}
