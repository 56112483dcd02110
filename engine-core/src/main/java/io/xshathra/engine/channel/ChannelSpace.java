package io.xshathra.engine.channel;

/**
 * Tenant channel spaces. Every project owns its own space: the channel {@code public:lobby} of
 * project A and that of project B are different channels. Inside the engine (hub, broker,
 * presence, history) a channel is identified by its key: the plain name in the default space,
 * and {@code <US>projectId<US>name} in a project's space, where US is the ASCII unit separator
 * (0x1F), a byte no valid channel name contains. Clients always see the plain name.
 */
public final class ChannelSpace {
    /** The separator that starts a project key; forbidden in channel names. */
    public static final char SEPARATOR = '\u001F';

    private ChannelSpace() {
    }

    /** The engine key of a channel in a project's space ("" = the default space). */
    public static String key(String projectId, String channel) {
        if (projectId == null || projectId.isEmpty()) {
            return channel;
        }
        return SEPARATOR + projectId + SEPARATOR + channel;
    }

    /** The plain channel name of an engine key. */
    public static String channel(String key) {
        if (key.isEmpty() || key.charAt(0) != SEPARATOR) {
            return key;
        }
        int end = key.indexOf(SEPARATOR, 1);
        return end < 0 ? key : key.substring(end + 1);
    }

    /** The project of an engine key ("" for the default space). */
    public static String project(String key) {
        if (key.isEmpty() || key.charAt(0) != SEPARATOR) {
            return "";
        }
        int end = key.indexOf(SEPARATOR, 1);
        return end < 0 ? "" : key.substring(1, end);
    }

    /** Whether a client-supplied name tries to address a space directly (never allowed). */
    public static boolean containsSeparator(String channel) {
        return channel.indexOf(SEPARATOR) >= 0;
    }
}
