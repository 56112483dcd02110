package io.xshathra.engine.channel;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import java.nio.charset.StandardCharsets;

/**
 * Namespace resolution and channel name rules, compiled once from {@link ChannelConfig}.
 * Immutable and thread-safe.
 */
public final class ChannelRules {
    private final ChannelConfig config;

    public ChannelRules(ChannelConfig config) {
        this.config = config;
    }

    public ChannelConfig config() {
        return config;
    }

    /** Resolves the channel's namespace, or returns null when the namespace is unknown. */
    public ResolvedChannel resolve(String channel) {
        boolean isPrivate = channel.startsWith(config.privatePrefix());
        String name = isPrivate ? channel.substring(config.privatePrefix().length()) : channel;
        String separator = config.namespaceBoundary();
        int boundary = separator.isEmpty() ? -1 : name.indexOf(separator);
        if (boundary < 0) {
            return new ResolvedChannel(channel, "", channel, config.withoutNamespace(), isPrivate);
        }
        String namespace = name.substring(0, boundary);
        // As in Centrifugo, an empty namespace (":room") selects the options without namespace.
        ChannelOptions options = namespace.isEmpty() ? config.withoutNamespace() : config.namespaces().get(namespace);
        if (options == null) {
            return null;
        }
        return new ResolvedChannel(channel, namespace,
                name.substring(boundary + separator.length()), options, isPrivate);
    }

    /** What {@link #validate} finds wrong with a channel name, if anything. */
    public enum Verdict {
        /** The namespace exists and the name passes every rule a client subscribe checks. */
        VALID,
        /** The name is well-formed but its namespace is not configured (client error 102). */
        UNKNOWN_NAMESPACE,
        /** Empty, too long, holding the space separator, or not matching the namespace's rule (107). */
        INVALID_NAME
    }

    /**
     * The one check every channel name from outside goes through, whatever carries it: a client
     * command, a token's {@code channels}/{@code subs} claims, or a request to mint a token. The
     * order is the client subscribe's: length, then namespace, then the name itself.
     */
    public Verdict validate(String channel) {
        if (!wellFormed(channel)) {
            return Verdict.INVALID_NAME;
        }
        ResolvedChannel rc = resolve(channel);
        if (rc == null) {
            return Verdict.UNKNOWN_NAMESPACE;
        }
        return nameOk(rc) ? Verdict.VALID : Verdict.INVALID_NAME;
    }

    /**
     * The part of {@link #validate} that needs no namespace: not empty, within
     * {@code channel.max_length}, no space separator, no control character. The server API checks
     * exactly this before it resolves the namespace (as the reference does, it applies no name
     * rule of a namespace).
     */
    public boolean wellFormed(String channel) {
        return channel != null && !channel.isEmpty() && lengthOk(channel) && !ChannelSpace.containsSeparator(channel)
                && !hasControl(channel);
    }

    /**
     * Whether the name holds a control character (below U+0020, or U+007F). The reference accepts
     * them; they are refused here in every name from outside, because a line break or an escape
     * sequence in a channel name reaches logs, the console and tenants' webhooks, and no
     * application needs one.
     */
    public static boolean hasControl(String channel) {
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Length in bytes within the limit (the check client subscriptions get). */
    public boolean lengthOk(String channel) {
        return channel.length() <= config.maxLength()
                && channel.getBytes(StandardCharsets.UTF_8).length <= config.maxLength();
    }

    /**
     * No control character, and the namespace's channel regex matches the rest of the name, or,
     * without one, the name is ASCII.
     */
    public boolean nameOk(ResolvedChannel rc) {
        if (ChannelSpace.containsSeparator(rc.channel()) || hasControl(rc.channel())) {
            return false;
        }
        if (rc.options().channelRegex() != null) {
            return rc.options().channelRegex().matcher(rc.rest()).find();
        }
        String ch = rc.channel();
        for (int i = 0; i < ch.length(); i++) {
            if (ch.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** Whether the channel is user-limited in its namespace (option on and a user boundary present). */
    public boolean isUserLimited(ResolvedChannel rc) {
        return rc.options().allowUserLimitedChannels() && rc.channel().contains(config.userBoundary());
    }

    /** Whether {@code user} is listed after the last user boundary of a user-limited channel. */
    public boolean userAllowed(ResolvedChannel rc, String user) {
        String ch = rc.channel();
        int at = ch.lastIndexOf(config.userBoundary());
        if (at < 0 || user.isEmpty()) {
            return false;
        }
        String users = ch.substring(at + config.userBoundary().length());
        for (String allowed : users.split(java.util.regex.Pattern.quote(config.userSeparator()), -1)) {
            if (allowed.equals(user)) {
                return true;
            }
        }
        return false;
    }
}
