package io.xshathra.controlplane;

import java.util.function.Consumer;

/**
 * Lets the server react to project changes. Listeners must be quick and must not block (hand
 * work to your own executor); an exception from one listener is logged and does not stop the
 * others.
 */
public interface ProjectEvents {

    /**
     * Registers a listener called with the project id after a project is deleted through this
     * process (the console, the API), for example to disconnect the project's connections. Its
     * keys have already stopped working by then. Runs on the storage executor after the
     * deletion has committed. Deletions by other processes are not reported here; see
     * {@link #onChanged}.
     */
    void onDeleted(Consumer<String> listener);

    /**
     * Registers a listener called with a project id after the project's server or client key was rotated,
     * it was renamed or it was deleted: at once when the change was made through this process,
     * and within the change feed's polling bound when another process (another node, the CLI)
     * made it. A change may be reported more than once; look the project up to see what it is
     * now. Runs on a storage or feed thread.
     */
    void onChanged(Consumer<String> listener);

    /**
     * Registers a listener called when the change feed cannot say which projects changed: this
     * process fell further behind than the feed keeps, or the feed's count went back (a restored
     * database). Any project may have changed; look every one up again. Runs on the feed thread.
     */
    void onChangedAll(Runnable listener);
}
