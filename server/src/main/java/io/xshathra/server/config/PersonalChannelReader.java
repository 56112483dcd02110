package io.xshathra.server.config;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.PersonalChannel;

/**
 * Reads {@code client.subscribe_to_user_personal_channel} and checks it against the namespaces
 * the way Centrifugo does at startup: the named namespace must exist, and
 * {@code single_connection} needs presence on the namespace it would use (the top-level options
 * when no namespace is named), whether or not the feature is enabled.
 */
final class PersonalChannelReader {
    private PersonalChannelReader() {
    }

    static PersonalChannel read(ConfigNode client, ChannelConfig channel) {
        ConfigNode n = client.child("subscribe_to_user_personal_channel");
        boolean enabled = n.bool("enabled", false);
        String namespace = n.string("personal_channel_namespace", "");
        boolean single = n.bool("single_connection", false);
        if (!enabled || namespace.isEmpty()) {
            if (single && !channel.withoutNamespace().presence()) {
                throw n.error("single_connection", "needs presence enabled in channel.without_namespace");
            }
        }
        if (!namespace.isEmpty()) {
            ChannelOptions o = channel.namespaces().get(namespace);
            if (o == null) {
                if (enabled) {
                    throw n.error("personal_channel_namespace", "namespace \"" + namespace + "\" not found");
                }
            } else if (single && !o.presence()) {
                throw n.error("single_connection", "needs presence enabled in namespace \"" + namespace + "\"");
            }
        }
        return new PersonalChannel(enabled, namespace, single);
    }
}
