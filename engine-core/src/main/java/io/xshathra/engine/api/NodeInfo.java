package io.xshathra.engine.api;

/**
 * One node's figures, as the server API's {@code info} lists them and as nodes announce
 * themselves to each other.
 */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers,
                       int numChannels, long uptimeSeconds, int numSubs) {
}
