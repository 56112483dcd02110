package io.xshathra.engine.config;

/**
 * {@code client.subscribe_to_user_personal_channel}: every connection with a non-empty user gets
 * a server-side subscription to the user's personal channel, {@code <namespace>:#<user>} (or
 * {@code #<user>} without a namespace), in its connect reply.
 *
 * @param enabled          subscribe connections to their personal channel
 * @param namespace        namespace of personal channels; empty = the top-level channel options
 * @param singleConnection a new connection of a user disconnects the user's other connections
 *                         (code 3504) when the presence of the personal channel shows any;
 *                         requires presence on the personal channel's namespace
 */
public record PersonalChannel(boolean enabled, String namespace, boolean singleConnection) {
    /** The feature off. */
    public static final PersonalChannel NONE = new PersonalChannel(false, "", false);

    public PersonalChannel {
        namespace = namespace == null ? "" : namespace;
    }

    /** The personal channel of {@code user} with the given channel name boundaries. */
    public String channel(String user, String namespaceBoundary, String userBoundary) {
        return namespace.isEmpty() ? userBoundary + user : namespace + namespaceBoundary + userBoundary + user;
    }
}
