package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions.Permissions;

/**
 * The {@code allow_*} permission rules of a namespace for one connection. An anonymous
 * connection (empty user) additionally needs the matching {@code *_for_anonymous} flag.
 */
final class Access {
    private Access() {
    }

    private static boolean anonOk(String user, boolean anonymousFlag) {
        return !user.isEmpty() || anonymousFlag;
    }

    static boolean subscribe(Permissions p, String user) {
        return p.subscribeForClient() && anonOk(user, p.subscribeForAnonymous());
    }

    static boolean publish(Permissions p, String user, boolean subscribed) {
        return (p.publishForClient() || (p.publishForSubscriber() && subscribed))
                && anonOk(user, p.publishForAnonymous());
    }

    static boolean presence(Permissions p, String user, boolean subscribed) {
        return (p.presenceForClient() || (p.presenceForSubscriber() && subscribed))
                && anonOk(user, p.presenceForAnonymous());
    }

    static boolean history(Permissions p, String user, boolean subscribed) {
        return (p.historyForClient() || (p.historyForSubscriber() && subscribed))
                && anonOk(user, p.historyForAnonymous());
    }
}
