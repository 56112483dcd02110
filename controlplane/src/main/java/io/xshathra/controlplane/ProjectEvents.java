package io.xshathra.controlplane;

import java.util.function.Consumer;

/**
 * Lets the server react to project changes made through this node (the console, the CLI is a
 * separate process and is not seen). Listeners run on the storage executor after the change
 * has committed; they must be quick and must not block (hand work to your own executor). An
 * exception from one listener is logged and does not stop the others.
 */
public interface ProjectEvents {

    /**
     * Registers a listener called with the project id after a project is deleted, for example to
     * disconnect the project's connections. Its keys have already stopped working by then.
     */
    void onDeleted(Consumer<String> listener);
}
