package io.xshathra.engine.project;

import java.util.Objects;

/**
 * Something that happened in a project's channel space that the project's backend may want to
 * hear about (the control plane delivers these as webhooks).
 *
 * @param kind      what happened
 * @param projectId the project whose space it happened in (never the default space)
 * @param channel   the channel as the tenant names it (never the engine key)
 * @param user      the user of a member event or client publication ("" otherwise)
 * @param client    the client id of a member event or client publication ("" otherwise)
 * @param data      the payload of a client publication as the client sent it (null otherwise)
 * @param timeMs    when it happened, milliseconds since the epoch (the engine's clock)
 */
public record TenantEvent(Kind kind, String projectId, String channel, String user, String client, byte[] data,
                          long timeMs) {

    public TenantEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(channel, "channel");
        user = user == null ? "" : user;
        client = client == null ? "" : client;
    }

    /** The kinds of event, each with its name on the wire. */
    public enum Kind {
        /** The first subscriber of a channel anywhere in the cluster arrived. */
        CHANNEL_OCCUPIED("channel_occupied"),
        /** The last subscriber of a channel anywhere in the cluster left. */
        CHANNEL_VACATED("channel_vacated"),
        /** A client joined a channel of a namespace with presence. */
        MEMBER_ADDED("member_added"),
        /** A client left a channel of a namespace with presence. */
        MEMBER_REMOVED("member_removed"),
        /** A client published into a channel. */
        CLIENT_PUBLICATION("client_publication");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The event's name in webhook bodies, CLI flags and the console. */
        public String wireName() {
            return wireName;
        }

        /** The kind of a wire name, or null when none has it. */
        public static Kind ofWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }
}
